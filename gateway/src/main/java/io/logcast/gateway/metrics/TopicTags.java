package io.logcast.gateway.metrics;

import java.util.Set;

/**
 * The {@code topic} tag value of a topic: its name only when per-topic tags are on and the topic is
 * one of the configured few, otherwise {@code other}. Keeps the series count bounded whatever
 * topics clients use.
 */
public final class TopicTags {
  public static final String OTHER = "other";

  private final Set<String> named;

  public TopicTags(boolean enabled, Set<String> topics) {
    this.named = enabled ? Set.copyOf(topics) : Set.of();
  }

  public String of(String topic) {
    return topic != null && named.contains(topic) ? topic : OTHER;
  }

  /** Every value {@link #of} can return. */
  public Set<String> values() {
    java.util.Set<String> all = new java.util.TreeSet<>(named);
    all.add(OTHER);
    return all;
  }
}
