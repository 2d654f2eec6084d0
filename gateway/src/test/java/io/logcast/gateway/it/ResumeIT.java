package io.logcast.gateway.it;

import static io.logcast.gateway.GatewayFixture.WAIT;
import static io.logcast.gateway.GatewayFixture.subscribe;
import static org.assertj.core.api.Assertions.assertThat;

import io.logcast.gateway.GatewayFixture;
import io.logcast.testkit.ProtocolClient;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Resume on the same instance (the clustered store comes with the session-store issue). */
class ResumeIT {
  private static GatewayFixture gw;

  @BeforeAll
  static void start() {
    gw = GatewayFixture.start();
  }

  @AfterAll
  static void stop() {
    gw.close();
  }

  private static JsonObject resumeHello(String session, String secret, JsonArray subs) {
    return new JsonObject().put("type", "hello").putNull("token")
        .put("resume", new JsonObject().put("session", session).put("secret", secret).put("subscriptions", subs));
  }

  @Test
  void resumeReplaysFromTheLargerOfAckedAndPresentedPositions() {
    String topic = GatewayFixture.topic(1);
    String session;
    String secret;
    String epoch;
    try (ProtocolClient c = gw.connect()) {
      JsonObject welcome = c.hello();
      assertThat(welcome.getBoolean("resumed")).isFalse();
      session = welcome.getString("session");
      secret = welcome.getString("secret");
      epoch = subscribe(c, 1, topic, null, null).getString("epoch");
      for (int i = 0; i < 6; i++) {
        gw.produce(topic, "k", "{\"i\":" + i + "}");
      }
      c.awaitMessages(6, WAIT);
      // processed 0..2 (acked next = 3), then the connection dies
      c.send(new JsonObject().put("type", "ack").put("topic", topic).put("offsets", new JsonObject().put("0", 3)));
      c.send(new JsonObject().put("type", "ping"));
      c.awaitType("pong", WAIT);
    }
    for (int i = 6; i < 8; i++) {
      gw.produce(topic, "k", "{\"i\":" + i + "}");
    }
    // the client itself presents an older position (1): max(acked 3, presented 1) = 3 wins
    JsonArray presented = new JsonArray().add(new JsonObject().put("topic", topic).put("epoch", epoch)
        .put("offsets", new JsonObject().put("0", 1)));
    try (ProtocolClient c = gw.connect()) {
      c.send(resumeHello(session, secret, presented));
      JsonObject welcome = c.awaitType("welcome", WAIT);
      assertThat(welcome.getBoolean("resumed")).isTrue();
      assertThat(welcome.getString("session")).isEqualTo(session);
      JsonObject restored = c.awaitType("subscribed", WAIT);
      assertThat(restored.containsKey("id")).isFalse();
      assertThat(restored.getBoolean("recovered")).isTrue();
      List<JsonObject> ms = c.awaitMessages(5, WAIT);
      assertThat(ms).extracting(m -> m.getLong("offset")).containsExactly(3L, 4L, 5L, 6L, 7L);
      c.send(new JsonObject().put("type", "ping"));
      c.awaitType("pong", WAIT);
      assertThat(GatewayFixture.ofType(c.received(), "welcome")).hasSize(1);
    }
  }

  @Test
  void unknownSessionOrWrongSecretGetsAFreshSession() {
    try (ProtocolClient c = gw.connect()) {
      c.send(resumeHello("no-such-session", "x", new JsonArray()));
      JsonObject welcome = c.awaitType("welcome", WAIT);
      assertThat(welcome.getBoolean("resumed")).isFalse();
      assertThat(welcome.getString("reason")).isEqualTo("unknown");
      assertThat(welcome.getString("session")).isNotEqualTo("no-such-session");
    }
    String session;
    try (ProtocolClient c = gw.connect()) {
      session = c.hello().getString("session");
    }
    try (ProtocolClient c = gw.connect()) {
      c.send(resumeHello(session, "wrong-secret", new JsonArray()));
      JsonObject welcome = c.awaitType("welcome", WAIT);
      assertThat(welcome.getBoolean("resumed")).isFalse();
      assertThat(welcome.getString("session")).isNotEqualTo(session);
    }
  }

  @Test
  void requestsSentBeforeTheWelcomeAreHandledAfterIt() {
    String topic = GatewayFixture.topic(1);
    String session;
    String secret;
    try (ProtocolClient c = gw.connect()) {
      JsonObject w = c.hello();
      session = w.getString("session");
      secret = w.getString("secret");
    }
    try (ProtocolClient c = gw.connect()) {
      // no waiting for the welcome: the subscribe must belong to the resumed session, after it
      c.send(resumeHello(session, secret, new JsonArray()));
      c.send(new JsonObject().put("type", "subscribe").put("id", 1).put("topic", topic));
      c.awaitType("subscribed", WAIT);
      List<JsonObject> all = c.received();
      assertThat(all.get(0).getString("type")).isEqualTo("welcome");
      assertThat(all.get(0).getBoolean("resumed")).isTrue();
    }
  }

  @Test
  void resumingALiveSessionClosesTheOldConnectionWith4011() {
    try (ProtocolClient first = gw.connect(); ProtocolClient second = gw.connect()) {
      JsonObject welcome = first.hello();
      second.send(resumeHello(welcome.getString("session"), welcome.getString("secret"), new JsonArray()));
      assertThat(second.awaitType("welcome", WAIT).getBoolean("resumed")).isTrue();
      assertThat(first.awaitClose(WAIT)).isEqualTo(4011);
      assertThat(second.isClosed()).isFalse();
    }
  }
}
