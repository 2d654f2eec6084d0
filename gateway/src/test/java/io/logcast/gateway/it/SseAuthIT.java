package io.logcast.gateway.it;

import static io.logcast.gateway.GatewayFixture.WAIT;
import static io.logcast.gateway.it.AuthSupport.list;
import static io.logcast.gateway.it.AuthSupport.token;
import static org.assertj.core.api.Assertions.assertThat;

import io.logcast.gateway.GatewayFixture;
import io.logcast.gateway.SseClient;
import io.vertx.core.json.JsonObject;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The event stream under auth.mode jwt: the token in the header or the query, its claims, its expiry, the origin. */
class SseAuthIT {
  private static GatewayFixture gw;

  @BeforeAll
  static void start() {
    Map<String, String> cfg = new HashMap<>(AuthSupport.hs256Config());
    cfg.put("auth.queryParamToken", "true");
    gw = GatewayFixture.start(cfg);
  }

  @AfterAll
  static void stop() {
    gw.close();
  }

  private static String url(String topic, String extra) {
    return gw.httpUrl() + "/v1/stream?sub=" + topic + extra;
  }

  private static JsonObject refused(String url, Map<String, String> headers, int status) {
    try (SseClient c = SseClient.open(url, headers)) {
      assertThat(c.status()).as(url).isEqualTo(status);
      return c.error();
    }
  }

  @Test
  void theTokenIsCheckedBeforeTheStreamStarts() throws Exception {
    String topic = GatewayFixture.topic(1);
    assertThat(refused(url(topic, ""), Map.of(), 401).getString("code")).isEqualTo("unauthorized");
    assertThat(refused(url(topic, "&access_token=not-a-token"), Map.of(), 401).getString("message"))
        .contains("malformed token");
    String onlyOther = token("carol", 600, list("lc-other-*"), list());
    assertThat(refused(url(topic, ""), Map.of("Authorization", "Bearer " + onlyOther), 403).getString("code"))
        .isEqualTo("forbidden");
    assertThat(refused(url(topic, ""), Map.of("Authorization", "Bearer " + token("alice"), "Origin",
        "https://evil.example"), 403).getString("message")).contains("origin");
    for (Map<String, String> auth : java.util.List.of(Map.of("Authorization", "Bearer " + token("alice")),
        Map.of("Origin", AuthSupport.ORIGIN))) {
      String u = auth.containsKey("Origin") ? url(topic, "&access_token=" + token("bob")) : url(topic, "");
      try (SseClient c = SseClient.open(u, auth)) {
        assertThat(c.status()).isEqualTo(200);
        assertThat(c.await(e -> !e.isEmpty(), WAIT)).isTrue();
        assertThat(c.events().get(0).data().getString("type")).isEqualTo("subscribed");
      }
    }
  }

  @Test
  void anExpiringTokenEndsTheStreamWithClose4010() throws Exception {
    String topic = GatewayFixture.topic(1);
    String shortLived = token("dave", 2, list(GatewayFixture.ALLOW), list());
    try (SseClient c = SseClient.open(url(topic, ""), Map.of("Authorization", "Bearer " + shortLived))) {
      assertThat(c.status()).isEqualTo(200);
      assertThat(c.await(e -> e.stream().anyMatch(x -> "close".equals(x.data().getString("type"))), WAIT)).isTrue();
      JsonObject close = c.events().get(c.events().size() - 1).data();
      assertThat(close.getInteger("code")).isEqualTo(4010);
      assertThat(io.logcast.testkit.Poll.within(WAIT, c::ended)).as("the response ends").isTrue();
    }
  }
}
