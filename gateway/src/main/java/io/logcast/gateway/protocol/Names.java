package io.logcast.gateway.protocol;

import io.vertx.core.json.JsonObject;
import java.util.function.Consumer;
import java.util.regex.Pattern;

/** Validates topic names (Kafka's grammar) and keys against the configured lengths. */
public final class Names {
  private static final Pattern TOPIC = Pattern.compile("[a-zA-Z0-9._-]+");
  private final int maxTopicLength;
  private final int maxKeyLength;
  private final Consumer<TooLong> tooLong;

  /** Which length limit refused a name: the caller counts it (metrics sit above this package). */
  public enum TooLong { TOPIC, KEY }

  public Names(int maxTopicLength, int maxKeyLength) {
    this(maxTopicLength, maxKeyLength, t -> { });
  }

  public Names(int maxTopicLength, int maxKeyLength, Consumer<TooLong> tooLong) {
    this.maxTopicLength = maxTopicLength;
    this.maxKeyLength = maxKeyLength;
    this.tooLong = tooLong;
  }

  public String topic(JsonObject json) {
    return topic(InboundParser.string(json, "topic", true));
  }

  public String topic(String topic) {
    if (topic != null && topic.length() > maxTopicLength) {
      tooLong.accept(TooLong.TOPIC);
    }
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
      tooLong.accept(TooLong.KEY);
      throw ProtocolError.limit("key longer than " + maxKeyLength + " characters").exception();
    }
    return key;
  }
}
