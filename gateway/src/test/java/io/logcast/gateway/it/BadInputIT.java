package io.logcast.gateway.it;

import static io.logcast.gateway.GatewayFixture.WAIT;
import static io.logcast.gateway.GatewayFixture.subscribe;
import static org.assertj.core.api.Assertions.assertThat;

import io.logcast.gateway.GatewayFixture;
import io.logcast.testkit.ProtocolClient;
import io.vertx.core.json.JsonObject;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Bad input gets its documented answer, and the connection's other subscriptions keep receiving.
 * One connection takes every recoverable mistake in turn while a subscription streams.
 */
class BadInputIT {
  private static GatewayFixture gw;

  @BeforeAll
  static void start() {
    gw = GatewayFixture.start(Map.of("limits.maxMessageBytes", "4096", "limits.helloTimeoutMs", "500",
        "limits.maxSubscriptionsPerConnection", "3"));
  }

  @AfterAll
  static void stop() {
    gw.close();
  }

  private static JsonObject error(ProtocolClient c) {
    return c.awaitType("error", WAIT);
  }

  @Test
  void recoverableMistakesGetAnErrorAndTheStreamGoesOn() {
    String topic = GatewayFixture.topic(1);
    try (ProtocolClient c = gw.client()) {
      subscribe(c, 1, topic, null, null);
      gw.produce(topic, "k", "{\"n\":0}");
      c.awaitMessages(1, WAIT);

      c.sendRaw("{not json");
      assertThat(error(c).getString("code")).isEqualTo("bad_request");
      c.sendRaw("[1,2]");
      assertThat(error(c).getString("code")).isEqualTo("bad_request");
      c.send(new JsonObject().put("type", "teleport").put("id", 5));
      JsonObject unknown = error(c);
      assertThat(unknown.getString("code")).isEqualTo("bad_request");
      assertThat(unknown.getLong("id")).isEqualTo(5);
      c.send(new JsonObject().put("type", "subscribe").put("id", 6));
      assertThat(error(c).getLong("id")).isEqualTo(6);
      c.send(new JsonObject().put("type", "subscribe").put("id", 7).put("topic", "bad topic!"));
      assertThat(error(c).getString("code")).isEqualTo("bad_request");
      c.send(new JsonObject().put("type", "subscribe").put("id", 8).put("topic", topic).put("from", "yesterday"));
      assertThat(error(c).getString("code")).isEqualTo("bad_request");

      JsonObject forbidden = subscribe(c, 9, "internal-secrets", null, null);
      assertThat(forbidden.getString("type")).isEqualTo("error");
      assertThat(forbidden.getString("code")).isEqualTo("forbidden");
      JsonObject missing = subscribe(c, 10, "lc-does-not-exist", null, null);
      assertThat(missing.getString("code")).isEqualTo("not_found");
      JsonObject dup = subscribe(c, 11, topic, null, null);
      assertThat(dup.getString("code")).isEqualTo("bad_request");

      c.send(new JsonObject().put("type", "publish").put("id", 12).put("topic", "lc-does-not-exist").put("data", 1));
      JsonObject pub = error(c);
      assertThat(pub.getLong("id")).isEqualTo(12);
      assertThat(pub.getString("code")).isEqualTo("not_found");
      c.send(new JsonObject().put("type", "publish").put("id", 13).put("topic", "internal-x").put("data", 1));
      assertThat(error(c).getString("code")).isEqualTo("forbidden");
      c.send(new JsonObject().put("type", "publish").put("id", 14).put("topic", topic));
      assertThat(error(c).getString("code")).isEqualTo("bad_request");
      c.send(new JsonObject().put("type", "unsubscribe").put("id", 15).put("topic", topic).put("key", "nope"));
      assertThat(error(c).getString("code")).isEqualTo("not_found");
      c.send(new JsonObject().put("type", "hello"));
      assertThat(error(c).getString("code")).isEqualTo("bad_request");

      c.send(new JsonObject().put("type", "ping"));
      c.awaitType("pong", WAIT);
      gw.produce(topic, "k", "{\"n\":1}");
      assertThat(c.awaitMessages(1, WAIT).get(0).getJsonObject("data").getInteger("n")).isEqualTo(1);
      assertThat(c.isClosed()).isFalse();
    }
  }

  @Test
  void tooManySubscriptionsIsALimit() {
    String topic = GatewayFixture.topic(1);
    try (ProtocolClient c = gw.client()) {
      for (int i = 0; i < 3; i++) {
        assertThat(subscribe(c, i, topic, "k" + i, null).getString("type")).isEqualTo("subscribed");
      }
      assertThat(subscribe(c, 3, topic, "k3", null).getString("code")).isEqualTo("limit_exceeded");
      c.send(new JsonObject().put("type", "unsubscribe").put("id", 4).put("topic", topic).put("key", "k0"));
      assertThat(c.awaitType("unsubscribed", WAIT).getLong("id")).isEqualTo(4);
      assertThat(subscribe(c, 5, topic, "k3", null).getString("type")).isEqualTo("subscribed");
    }
  }

  @Test
  void oversizedFrameCloses1009() {
    try (ProtocolClient c = gw.client()) {
      c.sendRaw("{\"type\":\"ping\",\"pad\":\"" + "x".repeat(8_000) + "\"}");
      assertThat(c.awaitClose(WAIT)).isEqualTo(1009);
    }
  }

  @Test
  void binaryFrameCloses1003() {
    try (ProtocolClient c = gw.client()) {
      c.sendBinary(new byte[] {1, 2, 3});
      assertThat(c.awaitClose(WAIT)).isEqualTo(1003);
    }
  }

  @Test
  void noHelloBeforeTheDeadlineCloses4012() {
    try (ProtocolClient c = gw.connect()) {
      assertThat(c.awaitClose(WAIT)).isEqualTo(4012);
    }
  }

  @Test
  void firstObjectNotHelloCloses4000() {
    try (ProtocolClient c = gw.connect()) {
      c.send(new JsonObject().put("type", "subscribe").put("id", 1).put("topic", "lc-x"));
      assertThat(c.awaitClose(WAIT)).isEqualTo(4000);
    }
  }

  @Test
  void wrongPathIsRefusedBeforeTheUpgrade() {
    var res = gw.get(gw.httpUrl() + "/nope");
    assertThat(res.statusCode()).isEqualTo(404);
    assertThat(new JsonObject(res.body()).getString("code")).isEqualTo("not_found");
  }
}
