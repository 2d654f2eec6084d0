package io.logcast.gateway.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class OriginPolicyTest {
  private final OriginPolicy policy = OriginPolicy.of(
      List.of("https://app.example.com", "https://*.example.com", "http://localhost:3000"), false);

  @Test
  void exactOriginsMatchNormalised() {
    assertThat(policy.allows("https://app.example.com")).isTrue();
    assertThat(policy.allows("HTTPS://App.Example.COM")).isTrue();
    assertThat(policy.allows("https://app.example.com:443")).isTrue();
    assertThat(policy.allows("http://localhost:3000")).isTrue();
    assertThat(policy.allows("http://localhost:3001")).isFalse();
    assertThat(policy.allows("http://localhost")).isFalse();
    assertThat(policy.allows("http://app.example.com")).isFalse(); // scheme is part of the origin
  }

  @Test
  void wildcardMeansStrictSubdomainsOnly() {
    assertThat(policy.allows("https://a.example.com")).isTrue();
    assertThat(policy.allows("https://a.b.example.com")).isTrue();
    OriginPolicy onlyWildcard = OriginPolicy.of(List.of("https://*.example.com"), false);
    assertThat(onlyWildcard.allows("https://example.com")).isFalse();
    assertThat(onlyWildcard.allows("https://evil-example.com")).isFalse();
    assertThat(onlyWildcard.allows("https://example.com.evil.io")).isFalse();
    assertThat(onlyWildcard.allows("https://a.example.com.evil.io")).isFalse();
    assertThat(onlyWildcard.allows("https://evilexample.com")).isFalse();
    assertThat(onlyWildcard.allows("http://a.example.com")).isFalse();
    assertThat(onlyWildcard.allows("https://a.example.com:8443")).isFalse();
    assertThat(onlyWildcard.allows("https://a.example.com/path")).isFalse();
    assertThat(onlyWildcard.allows("https://a.example.com@evil.io")).isFalse();
  }

  @Test
  void oddOriginsNeverMatch() {
    for (String o : List.of("null", "file://", "https://*.example.com", "https://app.example.com/", " ",
        "https://app.example.com.", "javascript:alert(1)")) {
      assertThat(policy.allows(o)).as(o).isFalse();
    }
  }

  @Test
  void missingOriginOnlyWhenAllowed() {
    assertThat(policy.allows(null)).isFalse();
    assertThat(policy.allows("")).isFalse();
    OriginPolicy nonBrowser = OriginPolicy.of(List.of(), true);
    assertThat(nonBrowser.allows(null)).isTrue();
    assertThat(nonBrowser.allows("https://app.example.com")).isFalse();
  }

  @Test
  void starAllowsAnyPresentOrigin() {
    OriginPolicy any = OriginPolicy.of(List.of("*"), false);
    assertThat(any.allows("https://whatever.test")).isTrue();
    assertThat(any.allows(null)).isFalse();
  }

  @Test
  void modeNoneWithoutOriginsChecksNothingButJwtAlwaysChecks() {
    assertThat(OriginPolicy.forConfig(new AuthConfig(AuthConfig.Mode.NONE)).allows(null)).isTrue();
    assertThat(OriginPolicy.forConfig(new AuthConfig(AuthConfig.Mode.NONE)).allows("https://x.test")).isTrue();
    assertThat(OriginPolicy.forConfig(new AuthConfig(AuthConfig.Mode.JWT)).allows("https://x.test")).isFalse();
  }

  @Test
  void invalidEntriesAreReported() {
    for (String bad : List.of("app.example.com", "https://app.example.com/", "https://a.*.com", "*.example.com",
        "ftp://x.test", "https://x.test:99999", "https://*.[::1]")) {
      assertThat(OriginPolicy.problem(bad)).as(bad).isNotNull();
      assertThatThrownBy(() -> OriginPolicy.of(List.of(bad), false)).isInstanceOf(IllegalArgumentException.class);
    }
    assertThat(OriginPolicy.problem("https://[::1]:8443")).isNull();
    assertThat(OriginPolicy.problem("*")).isNull();
  }
}
