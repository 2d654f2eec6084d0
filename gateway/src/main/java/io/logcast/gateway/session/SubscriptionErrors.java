package io.logcast.gateway.session;

import io.logcast.gateway.protocol.ProtocolError;
import io.vertx.core.json.JsonObject;

/** The words and objects errors about one subscription use. */
final class SubscriptionErrors {
  private SubscriptionErrors() {}

  static String describe(String topic, String key) {
    String k = key == null ? null : key.length() > 64 ? key.substring(0, 64) + "…" : key;
    return k == null ? "topic '" + topic + "'" : "topic '" + topic + "' key '" + k + "'";
  }

  static ProtocolError notAllowed(String topic, String key) {
    return ProtocolError.forbidden("the token does not allow subscribing to " + describe(topic, key));
  }

  /**
   * An error without a request to answer (a subscription restored by a resume, or dropped by a
   * refresh): its {@code topic} and {@code key} as fields, so the client knows which one it is.
   */
  static JsonObject named(ProtocolError error, String topic, String key) {
    JsonObject o = error.toJson(null).put("topic", topic);
    return key == null ? o : o.put("key", key);
  }
}
