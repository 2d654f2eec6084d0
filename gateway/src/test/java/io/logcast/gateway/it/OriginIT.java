package io.logcast.gateway.it;

import static io.logcast.gateway.it.AuthSupport.token;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.logcast.gateway.GatewayFixture;
import io.logcast.testkit.ProtocolClient;
import io.vertx.core.http.UpgradeRejectedException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.net.http.WebSocketHandshakeException;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CompletionException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The Origin allow-list at the upgrade (403 before any socket exists), and query-parameter tokens when on. */
class OriginIT {
  private static GatewayFixture gw;

  @BeforeAll
  static void start() {
    Map<String, String> cfg = new HashMap<>(AuthSupport.hs256Config());
    cfg.put("auth.origins", "https://app.example.com,https://*.example.com");
    cfg.put("auth.allowMissingOrigin", "false");
    cfg.put("auth.queryParamToken", "true");
    gw = GatewayFixture.start(cfg);
  }

  @AfterAll
  static void stop() {
    gw.close();
  }

  private static int upgradeStatus(String origin) {
    UpgradeRejectedException e = catchThrowableOfType(UpgradeRejectedException.class,
        () -> ProtocolClient.connect(gw.wsUrl(), Map.of("Origin", origin), null).close());
    return e == null ? 101 : e.getStatus();
  }

  @Test
  void wrongOriginIs403() {
    assertThat(upgradeStatus("https://evil.test")).isEqualTo(403);
    assertThat(upgradeStatus("http://app.example.com")).isEqualTo(403);
    assertThat(upgradeStatus("null")).isEqualTo(403);
    // the test client's own default Origin (http://127.0.0.1:port) is not on the list either
    assertThat(catchThrowableOfType(UpgradeRejectedException.class, () -> gw.connect().close()).getStatus())
        .isEqualTo(403);
  }

  @Test
  void wildcardTricksAre403AndRealSubdomainsPass() {
    assertThat(upgradeStatus("https://evil-example.com")).isEqualTo(403);
    assertThat(upgradeStatus("https://example.com.evil.io")).isEqualTo(403);
    assertThat(upgradeStatus("https://app.example.com.evil.io")).isEqualTo(403);
    assertThat(upgradeStatus("https://example.com")).isEqualTo(403);
    assertThat(upgradeStatus("https://a.example.com")).isEqualTo(101);
    assertThat(upgradeStatus("https://a.b.example.com")).isEqualTo(101);
    assertThat(upgradeStatus("https://app.example.com")).isEqualTo(101);
  }

  @Test
  void noOriginIs403UnlessAllowed() {
    // the JDK client sends no Origin, like a backend service
    CompletionException e = catchThrowableOfType(CompletionException.class, () -> HttpClient.newHttpClient()
        .newWebSocketBuilder().buildAsync(URI.create(gw.wsUrl()), new WebSocket.Listener() {}).join());
    assertThat(e).isNotNull();
    assertThat(e.getCause()).isInstanceOf(WebSocketHandshakeException.class);
    assertThat(((WebSocketHandshakeException) e.getCause()).getResponse().statusCode()).isEqualTo(403);
  }

  @Test
  void queryParameterTokenWhenEnabledAndNeverInALog() {
    String good = token("alice");
    String expired = token("alice", -5, AuthSupport.list(), AuthSupport.list());
    try (LogCapture logs = new LogCapture()) {
      try (ProtocolClient c = ProtocolClient.connect(gw.wsUrl() + "?access_token=" + good,
          Map.of("Origin", "https://app.example.com"), null)) {
        assertThat(c.hello(null).getString("type")).isEqualTo("welcome");
      }
      try (ProtocolClient c = ProtocolClient.connect(gw.wsUrl() + "?x=1&access_token=" + expired,
          Map.of("Origin", "https://app.example.com"), null)) {
        assertThat(AuthSupport.refusedHello(c, null)).isEqualTo(4001);
        assertThat(c.closeReason()).isEqualTo("unauthorized: token expired");
      }
      assertThat(upgradeStatus("https://evil.test")).isEqualTo(403);
      assertThat(logs.texts()).as("something was logged, at DEBUG").anyMatch(t -> t.contains("hello refused"));
      assertThat(logs.texts()).noneMatch(t -> t != null && (t.contains(good) || t.contains(expired)
          || t.contains("access_token")));
    }
  }
}
