package io.logcast.gateway.it;

import static io.logcast.gateway.GatewayFixture.WAIT;
import static io.logcast.gateway.GatewayFixture.subscribe;
import static io.logcast.gateway.it.AuthSupport.connect;
import static io.logcast.gateway.it.AuthSupport.http;
import static io.logcast.gateway.it.AuthSupport.list;
import static io.logcast.gateway.it.AuthSupport.token;
import static org.assertj.core.api.Assertions.assertThat;

import io.logcast.gateway.GatewayFixture;
import io.logcast.gateway.auth.TestTokens;
import io.logcast.testkit.ProtocolClient;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.http.HttpResponse;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** /v1/admin on the management port only: who may use it, a principal's sessions, disconnecting a principal, instance stats. */
class AdminIT {
  private static GatewayFixture gw;

  @BeforeAll
  static void start() {
    gw = GatewayFixture.start(AuthSupport.hs256Config());
  }

  @AfterAll
  static void stop() {
    gw.close();
  }

  private static String adminToken() {
    return TestTokens.hs256(TestTokens.SECRET, AuthSupport.claims("ops", 600, list(), list()).put("admin", true));
  }

  private static HttpResponse<String> admin(String method, String path, Map<String, String> headers) {
    return http(method, gw.managementUrl() + "/v1/admin" + path, headers, null);
  }

  private static Map<String, String> bearer(String token) {
    return Map.of("Authorization", "Bearer " + token);
  }

  @Test
  void thePublicPortDoesNotServeTheAdminApi() {
    for (String path : new String[] {"/v1/admin/stats", "/v1/admin/principals/alice/sessions", "/admin/"}) {
      HttpResponse<String> res = http("GET", gw.httpUrl() + path, Map.of("X-Admin-Key", AuthSupport.ADMIN_KEY), null);
      assertThat(res.statusCode()).as(path).isEqualTo(404);
      assertThat(new JsonObject(res.body()).getString("code")).isEqualTo("not_found");
    }
  }

  @Test
  void withoutAdminRightsTheApiIsClosed() {
    for (String[] call : new String[][] {{"GET", "/stats"}, {"GET", "/principals/alice/sessions"},
        {"POST", "/principals/alice/disconnect"}}) {
      HttpResponse<String> none = admin(call[0], call[1], Map.of());
      assertThat(none.statusCode()).as(call[1]).isEqualTo(401);
      assertThat(new JsonObject(none.body()).getString("code")).isEqualTo("unauthorized");
      HttpResponse<String> user = admin(call[0], call[1], bearer(token("alice")));
      assertThat(user.statusCode()).as(call[1]).isEqualTo(403);
      assertThat(new JsonObject(user.body()).getString("code")).isEqualTo("forbidden");
      HttpResponse<String> wrongKey = admin(call[0], call[1], Map.of("X-Admin-Key", "guess"));
      assertThat(wrongKey.statusCode()).as(call[1]).isEqualTo(401);
      assertThat(wrongKey.body()).doesNotContain(AuthSupport.ADMIN_KEY);
    }
    // an admin claim that is not literally true grants nothing
    String fake = TestTokens.hs256(TestTokens.SECRET,
        AuthSupport.claims("ops", 600, list(), list()).put("admin", "true"));
    assertThat(admin("GET", "/stats", bearer(fake)).statusCode()).isEqualTo(403);
  }

  @Test
  void sessionsAndDisconnectOfAPrincipal() {
    String topic = GatewayFixture.topic(1);
    try (ProtocolClient a1 = connect(gw); ProtocolClient a2 = connect(gw); ProtocolClient bob = connect(gw)) {
      String s1 = a1.hello(token("alice")).getString("session");
      String s2 = a2.hello(token("alice")).getString("session");
      bob.hello(token("bob"));
      subscribe(a1, 1, topic, "k", null);

      HttpResponse<String> res = admin("GET", "/principals/alice/sessions", bearer(adminToken()));
      assertThat(res.statusCode()).isEqualTo(200);
      JsonObject body = new JsonObject(res.body());
      assertThat(body.getString("principal")).isEqualTo("alice");
      JsonArray sessions = body.getJsonArray("sessions");
      assertThat(sessions.stream().map(o -> ((JsonObject) o).getString("session"))).containsExactlyInAnyOrder(s1, s2);
      JsonObject first = sessions.stream().map(o -> (JsonObject) o).filter(o -> s1.equals(o.getString("session")))
          .findFirst().orElseThrow();
      assertThat(first.getString("node")).isEqualTo(gw.node().id());
      assertThat(first.getJsonArray("subscriptions"))
          .containsExactly(new JsonObject().put("topic", topic).put("key", "k"));
      assertThat(first.getLong("tokenExpiresAt")).isGreaterThan(System.currentTimeMillis());
      assertThat(res.body()).doesNotContain("secret");

      HttpResponse<String> dc = admin("POST", "/principals/alice/disconnect",
          Map.of("X-Admin-Key", AuthSupport.ADMIN_KEY));
      assertThat(dc.statusCode()).isEqualTo(200);
      assertThat(new JsonObject(dc.body()).getInteger("closedHere")).isEqualTo(2);
      assertThat(new JsonObject(dc.body()).getString("scope")).isEqualTo("instance");
      assertThat(a1.awaitClose(WAIT)).isEqualTo(4003);
      assertThat(a2.awaitClose(WAIT)).isEqualTo(4003);
      assertThat(a1.closeReason()).isEqualTo("disconnected by an administrator");
      bob.send(new JsonObject().put("type", "ping"));
      bob.awaitType("pong", WAIT);
      assertThat(new JsonObject(admin("GET", "/principals/alice/sessions", bearer(adminToken())).body())
          .getJsonArray("sessions")).isEmpty();
    }
  }

  @Test
  void instanceStats() {
    String topic = GatewayFixture.topic(1);
    try (ProtocolClient c = connect(gw)) {
      c.hello(token("carol"));
      subscribe(c, 1, topic, null, null);
      subscribe(c, 2, topic, "k", null);
      HttpResponse<String> res = admin("GET", "/stats", Map.of("X-Admin-Key", AuthSupport.ADMIN_KEY));
      assertThat(res.statusCode()).isEqualTo(200);
      JsonObject stats = new JsonObject(res.body());
      assertThat(stats.getString("node")).isEqualTo(gw.node().id());
      assertThat(stats.getInteger("connections")).isGreaterThanOrEqualTo(1);
      assertThat(stats.getInteger("principals")).isGreaterThanOrEqualTo(1);
      JsonObject t = stats.getJsonObject("topics").getJsonObject(topic);
      assertThat(t.getInteger("subscriptions")).isEqualTo(2);
      assertThat(t.getInteger("wholeTopic")).isEqualTo(1);
      assertThat(t.getInteger("keyed")).isEqualTo(1);
      assertThat(stats.getJsonObject("replay").getInteger("queued")).isNotNull();
    }
  }
}
