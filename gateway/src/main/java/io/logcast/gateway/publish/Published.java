package io.logcast.gateway.publish;

import io.vertx.core.json.JsonObject;

/** Where Kafka stored a published record. */
public record Published(String topic, int partition, long offset) {
  public JsonObject toJson() {
    return new JsonObject().put("topic", topic).put("partition", partition).put("offset", offset);
  }

  public static Published fromJson(JsonObject o) {
    return new Published(o.getString("topic"), o.getInteger("partition"), o.getLong("offset"));
  }
}
