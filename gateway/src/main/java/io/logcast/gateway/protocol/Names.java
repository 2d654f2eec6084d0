package io.logcast.gateway.protocol;

import io.vertx.core.json.JsonObject;
import java.util.regex.Pattern;

/** Validates topic names (Kafka's grammar) and keys against the configured lengths. */
public final class Names {
  private static final Pattern TOPIC = Pattern.compile("[a-zA-Z0-9._-]+");
  private final int maxTopicLength;
  private final int maxKeyLength;

  public Names(int maxTopicLength, int maxKeyLength) {
    this.maxTopicLength = maxTopicLength;
    this.maxKeyLength = maxKeyLength;
  }

  public String topic(JsonObject json) {
    return topic(InboundParser.string(json, "topic", true));
  }

  public String topic(String topic) {
    if (topic == null || topic.isEmpty() || topic.length() > maxTopicLength || !TOPIC.matcher(topic).matches()) {
      throw ProtocolError.badRequest(
          "topic must be 1-" + maxTopicLength + " characters of [a-zA-Z0-9._-]").exception();
    }
    return topic;
  }

  public String key(JsonObject json) {
    return key(InboundParser.string(json, "key", false));
  }

  public String key(String key) {
    if (key != null && key.length() > maxKeyLength) {
      throw ProtocolError.limit("key longer than " + maxKeyLength + " characters").exception();
    }
    return key;
  }
}
