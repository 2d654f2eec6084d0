package io.logcast.gateway.protocol;

import io.vertx.core.json.JsonObject;
import java.util.function.Consumer;
import java.util.regex.Pattern;

/** Validates topic names (Kafka's grammar) and keys against the configured lengths. */
public final class Names {
  private static final Pattern TOPIC = Pattern.compile("[a-zA-Z0-9._-]+");
  private static final Pattern GLOB = Pattern.compile("[a-zA-Z0-9._*-]*\\*[a-zA-Z0-9._*-]*");
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

  /**
   * A subscribe's or unsubscribe's target: its {@code topic}, or its {@code pattern} (topic names
   * with {@code *} for any run of characters; a topic name never holds a {@code *}, so the two
   * cannot be confused later on).
   */
  public String topicOrPattern(JsonObject json) {
    String pattern = InboundParser.string(json, "pattern", false);
    if (pattern == null) {
      return topic(json);
    }
    if (json.containsKey("topic")) {
      throw ProtocolError.badRequest("give 'topic' or 'pattern', not both").exception();
    }
    if (pattern.length() > maxTopicLength || !GLOB.matcher(pattern).matches()) {
      throw ProtocolError.badRequest("pattern must be 1-" + maxTopicLength
          + " characters of [a-zA-Z0-9._-] and at least one '*'").exception();
    }
    return pattern;
  }

  /** True for a {@link #topicOrPattern} that is a pattern. */
  public static boolean isPattern(String topicOrPattern) {
    return topicOrPattern.indexOf('*') >= 0;
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
