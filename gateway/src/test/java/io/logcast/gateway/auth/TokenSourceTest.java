package io.logcast.gateway.auth;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.MultiMap;
import org.junit.jupiter.api.Test;

class TokenSourceTest {
  @Test
  void bearerHeader() {
    assertThat(TokenSource.bearer("Bearer abc.def.ghi")).isEqualTo("abc.def.ghi");
    assertThat(TokenSource.bearer("bearer   abc ")).isEqualTo("abc");
    assertThat(TokenSource.bearer("Basic dXNlcjpwYXNz")).isNull();
    assertThat(TokenSource.bearer("Bearer ")).isNull();
    assertThat(TokenSource.bearer("Bearerabc")).isNull();
    assertThat(TokenSource.bearer(null)).isNull();
  }

  @Test
  void queryParameter() {
    assertThat(TokenSource.queryParameter("a=1&access_token=x.y.z")).isEqualTo("x.y.z");
    assertThat(TokenSource.queryParameter("access_token=a%2Bb")).isEqualTo("a+b");
    assertThat(TokenSource.queryParameter("access_token=")).isNull();
    assertThat(TokenSource.queryParameter(null)).isNull();
  }

  @Test
  void upgradeRequestPrefersTheHeaderAndUsesTheQueryOnlyWhenEnabled() {
    MultiMap headers = MultiMap.caseInsensitiveMultiMap().add("authorization", "Bearer from-header");
    MultiMap none = MultiMap.caseInsensitiveMultiMap();
    assertThat(TokenSource.fromUpgrade(headers, "access_token=from-query", true)).isEqualTo("from-header");
    assertThat(TokenSource.fromUpgrade(none, "access_token=from-query", true)).isEqualTo("from-query");
    assertThat(TokenSource.fromUpgrade(none, "access_token=from-query", false)).isNull();
  }
}
