package io.logcast.gateway.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonObject;
import java.util.Map;
import org.junit.jupiter.api.Test;

class FramesTest {
  @Test
  void subscribedCarriesOffsetsAndOmitsMissingIdAndKey() {
    JsonObject o = Frames.subscribed(null, "orders", null, "e1", true, null, Map.of(1, 88L, 0, 1235L));
    assertThat(o.containsKey("id")).isFalse();
    assertThat(o.containsKey("key")).isFalse();
    assertThat(o.getString("type")).isEqualTo("subscribed");
    assertThat(o.getString("topic")).isEqualTo("orders");
    assertThat(o.getString("epoch")).isEqualTo("e1");
    assertThat(o.getBoolean("recovered")).isTrue();
    assertThat(o.getJsonObject("offsets")).isEqualTo(new JsonObject().put("0", 1235L).put("1", 88L));

    JsonObject withId = Frames.subscribed(7L, "orders", "k", "e1", false, "retention", Map.of());
    assertThat(withId.getLong("id")).isEqualTo(7L);
    assertThat(withId.getString("key")).isEqualTo("k");
    assertThat(withId.getString("reason")).isEqualTo("retention");
    assertThat(withId.getJsonObject("offsets").isEmpty()).isTrue();
  }

  @Test
  void welcomeHasReasonOnlyWhenGiven() {
    JsonObject plain = Frames.welcome("s", "x", true, null, "node-1", 25_000);
    assertThat(plain.containsKey("reason")).isFalse();
    assertThat(plain).isEqualTo(new JsonObject().put("type", "welcome").put("session", "s").put("secret", "x")
        .put("resumed", true).put("node", "node-1").put("heartbeat", 25_000L));

    assertThat(Frames.welcome("s", "x", false, "expired", "n", 1).getString("reason")).isEqualTo("expired");
  }

  @Test
  void otherFrames() {
    assertThat(Frames.gap("t", null, 0, 100, 250, "retention").encode())
        .isEqualTo("{\"type\":\"gap\",\"topic\":\"t\",\"partition\":0,\"from\":100,\"to\":250,\"reason\":\"retention\"}");
    assertThat(Frames.unsubscribed(8L, "t", "k").getString("key")).isEqualTo("k");
    assertThat(Frames.unsubscribed(8L, "t", null).containsKey("key")).isFalse();
    assertThat(Frames.published(9L, "t", 1, 42).getLong("offset")).isEqualTo(42L);
    assertThat(Frames.pong().encode()).isEqualTo("{\"type\":\"pong\"}");
  }
}
