package io.logcast.gateway.protocol;

import io.vertx.core.json.JsonObject;
import java.util.Map;

/** Server → client control objects (messages themselves come from {@link RecordEncoder}). */
public final class Frames {
  private Frames() {}

  public static JsonObject welcome(String session, String secret, boolean resumed, String reason, String node, long heartbeatMs) {
    JsonObject o = new JsonObject()
        .put("type", "welcome")
        .put("session", session)
        .put("secret", secret)
        .put("resumed", resumed)
        .put("node", node)
        .put("heartbeat", heartbeatMs);
    if (reason != null) {
      o.put("reason", reason);
    }
    return o;
  }

  /** {@code offsets} (an extension): per partition, the next offset the subscription starts from. */
  public static JsonObject subscribed(
      Long id, String topic, String key, String epoch, boolean recovered, String reason, Map<Integer, Long> offsets) {
    JsonObject o = new JsonObject().put("type", "subscribed");
    if (id != null) {
      o.put("id", id);
    }
    o.put("topic", topic);
    if (key != null) {
      o.put("key", key);
    }
    return o.put("epoch", epoch)
        .put("recovered", recovered)
        .put("reason", reason)
        .put("offsets", Position.offsetsJson(offsets));
  }

  public static JsonObject unsubscribed(Long id, String topic, String key) {
    JsonObject o = new JsonObject().put("type", "unsubscribed").put("id", id).put("topic", topic);
    return key == null ? o : o.put("key", key);
  }

  public static JsonObject gap(String topic, String key, int partition, long from, long to, String reason) {
    JsonObject o = new JsonObject().put("type", "gap").put("topic", topic);
    if (key != null) {
      o.put("key", key);
    }
    return o.put("partition", partition).put("from", from).put("to", to).put("reason", reason);
  }

  public static JsonObject published(Long id, String topic, int partition, long offset) {
    return new JsonObject()
        .put("type", "published")
        .put("id", id)
        .put("topic", topic)
        .put("partition", partition)
        .put("offset", offset);
  }

  public static JsonObject pong() {
    return new JsonObject().put("type", "pong");
  }
}
