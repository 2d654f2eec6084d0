package io.logcast.gateway.it;

import static io.logcast.gateway.GatewayFixture.WAIT;
import static io.logcast.gateway.GatewayFixture.subscribe;
import static io.logcast.gateway.it.AuthSupport.bearer;
import static io.logcast.gateway.it.AuthSupport.connect;
import static io.logcast.gateway.it.AuthSupport.http;
import static io.logcast.gateway.it.AuthSupport.list;
import static io.logcast.gateway.it.AuthSupport.token;
import static org.assertj.core.api.Assertions.assertThat;

import io.logcast.gateway.GatewayFixture;
import io.logcast.testkit.ProtocolClient;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.http.HttpResponse;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The subscribe/publish claims: on subscribe, publish (socket and HTTP), refresh and resume. */
class AclIT {
  private static GatewayFixture gw;

  @BeforeAll
  static void start() {
    gw = GatewayFixture.start(AuthSupport.hs256Config());
  }

  @AfterAll
  static void stop() {
    gw.close();
  }

  private static JsonObject publish(ProtocolClient c, int id, String topic, String key) {
    JsonObject p = new JsonObject().put("type", "publish").put("id", id).put("topic", topic).put("data", id);
    c.send(key == null ? p : p.put("key", key));
    return c.await(o -> Long.valueOf(id).equals(o.getLong("id")), WAIT);
  }

  @Test
  void subscribeOutsideTheClaimsIsForbiddenAndTheConnectionStays() {
    String allowed = GatewayFixture.topic(1);
    String other = GatewayFixture.topic(1);
    try (ProtocolClient c = connect(gw)) {
      c.hello(token("alice", 600, list(allowed), list()));
      JsonObject e = subscribe(c, 1, other, null, null);
      assertThat(e.getString("type")).isEqualTo("error");
      assertThat(e.getString("code")).isEqualTo("forbidden");
      assertThat(e.getString("message")).isEqualTo("the token does not allow subscribing to topic '" + other + "'");
      // the allow-list refuses too, with its own message
      JsonObject hidden = subscribe(c, 2, "not-exposed", null, null);
      assertThat(hidden.getString("code")).isEqualTo("forbidden");
      assertThat(hidden.getString("message")).isEqualTo("topic 'not-exposed' is not exposed");
      assertThat(subscribe(c, 3, allowed, null, null).getString("type")).isEqualTo("subscribed");
    }
  }

  @Test
  void keyPatternsAllowTheirKeysButNotTheWholeTopic() {
    String topic = GatewayFixture.topic(1);
    try (ProtocolClient c = connect(gw)) {
      c.hello(token("alice", 600, list(topic + "/room-*"), list()));
      assertThat(subscribe(c, 1, topic, null, null).getString("code")).isEqualTo("forbidden");
      assertThat(subscribe(c, 2, topic, "lobby", null).getString("code")).isEqualTo("forbidden");
      assertThat(subscribe(c, 3, topic, "room-7", null).getString("type")).isEqualTo("subscribed");
    }
  }

  @Test
  void publishOutsideTheClaimsIsForbidden() {
    String topic = GatewayFixture.topic(1);
    String other = GatewayFixture.topic(1);
    try (ProtocolClient c = connect(gw)) {
      c.hello(token("alice", 600, list(), list(topic + "/k-*")));
      assertThat(publish(c, 1, topic, "k-1").getString("type")).isEqualTo("published");
      JsonObject keyless = publish(c, 2, topic, null);
      assertThat(keyless.getString("code")).isEqualTo("forbidden");
      assertThat(keyless.getString("message")).contains("without a key");
      assertThat(publish(c, 3, topic, "x").getString("code")).isEqualTo("forbidden");
      assertThat(publish(c, 4, other, "k-1").getString("code")).isEqualTo("forbidden");
      c.send(new JsonObject().put("type", "ping"));
      c.awaitType("pong", WAIT);
    }
  }

  @Test
  void httpPublishTakesTheSameTokens() {
    String topic = GatewayFixture.topic(1);
    String url = gw.httpUrl() + "/v1/topics/" + topic + "/messages";
    String body = "{\"key\":\"k\",\"data\":1}";
    HttpResponse<String> none = http("POST", url, Map.of("content-type", "application/json"), body);
    assertThat(none.statusCode()).isEqualTo(401);
    assertThat(none.headers().firstValue("www-authenticate")).hasValue("Bearer realm=\"logcast\"");
    assertThat(new JsonObject(none.body()).getString("code")).isEqualTo("unauthorized");
    assertThat(new JsonObject(none.body()).getString("message")).isEqualTo("missing token");
    HttpResponse<String> bad = http("POST", url, bearer("x.y.z"), body);
    assertThat(bad.statusCode()).isEqualTo(401);
    assertThat(new JsonObject(bad.body()).getString("message")).isEqualTo("malformed token");
    HttpResponse<String> expired = http("POST", url, bearer(token("svc", -5, list(), list(topic))), body);
    assertThat(expired.statusCode()).isEqualTo(401);
    HttpResponse<String> outside = http("POST", url, bearer(token("svc", 600, list(), list("lc-nothing-*"))), body);
    assertThat(outside.statusCode()).isEqualTo(403);
    assertThat(new JsonObject(outside.body()).getString("code")).isEqualTo("forbidden");
    HttpResponse<String> ok = http("POST", url, bearer(token("svc", 600, list(), list(topic))), body);
    assertThat(ok.statusCode()).isEqualTo(200);
    assertThat(new JsonObject(ok.body()).getLong("offset")).isEqualTo(0L);
  }

  @Test
  void narrowedClaimsOnRefreshDropWhatTheyNoLongerAllow() {
    String kept = GatewayFixture.topic(1);
    String dropped = GatewayFixture.topic(1);
    try (ProtocolClient c = connect(gw)) {
      c.hello(token("alice", 600, list(kept, dropped), list()));
      subscribe(c, 1, kept, null, null);
      subscribe(c, 2, dropped, "k", null);
      c.send(new JsonObject().put("type", "refresh").put("id", 3)
          .put("token", token("alice", 600, list(kept), list())));
      JsonObject e = c.awaitType("error", WAIT);
      assertThat(e.getValue("id")).isNull();
      assertThat(e.getString("code")).isEqualTo("forbidden");
      assertThat(e.getString("topic")).isEqualTo(dropped);
      assertThat(e.getString("key")).isEqualTo("k");
      assertThat(e.getString("message")).contains(dropped);
      assertThat(c.awaitType("refreshed", WAIT).getLong("id")).isEqualTo(3L);
      // gone from the connection: nothing more is delivered for it, and it cannot be unsubscribed
      gw.produce(dropped, "k", "{\"n\":1}");
      gw.produce(kept, "k", "{\"n\":2}");
      assertThat(c.awaitMessages(1, WAIT).get(0).getString("topic")).isEqualTo(kept);
      c.send(new JsonObject().put("type", "unsubscribe").put("id", 4).put("topic", dropped).put("key", "k"));
      assertThat(c.await(o -> Long.valueOf(4).equals(o.getLong("id")), WAIT).getString("code")).isEqualTo("not_found");
      assertThat(GatewayFixture.ofType(c.received(), "message")).noneMatch(m -> dropped.equals(m.getString("topic")));
    }
  }

  @Test
  void resumeChecksTheClaimsAgain() {
    String kept = GatewayFixture.topic(1);
    String dropped = GatewayFixture.topic(1);
    JsonObject welcome;
    try (ProtocolClient c = connect(gw)) {
      welcome = c.hello(token("alice", 600, list(kept, dropped), list()));
      subscribe(c, 1, kept, null, null);
      subscribe(c, 2, dropped, null, null);
    }
    try (ProtocolClient c = connect(gw)) {
      c.send(new JsonObject().put("type", "hello").put("token", token("alice", 600, list(kept), list()))
          .put("resume", new JsonObject().put("session", welcome.getString("session"))
              .put("secret", welcome.getString("secret")).put("subscriptions", new JsonArray())));
      assertThat(c.awaitType("welcome", WAIT).getBoolean("resumed")).isTrue();
      JsonObject e = c.awaitType("error", WAIT);
      assertThat(e.getString("code")).isEqualTo("forbidden");
      assertThat(e.getString("message")).contains(dropped);
      assertThat(c.awaitType("subscribed", WAIT).getString("topic")).isEqualTo(kept);
    }
  }
}
