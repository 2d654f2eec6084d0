package io.logcast.gateway.config;

import java.util.List;

/**
 * Materialised "latest value per key" views of compacted topics ({@code from: "snapshot"}).
 *
 * @param topics           topic patterns (the {@code topics.allow} syntax) that may have a view;
 *                         empty: none may, so a view never costs memory unless an operator asks for it
 * @param maxBytesPerTopic a view holding more than this (frames + keys + a fixed overhead per key)
 *                         fails with {@code limit_exceeded}; it is never silently truncated
 * @param maxTopics        views held at once by this instance; more are refused {@code unavailable}
 * @param idleMs           a view nobody asked a snapshot of for this long is dropped (its reader stops)
 */
public record SnapshotConfig(List<String> topics, long maxBytesPerTopic, int maxTopics, long idleMs) {
  public static final long DEFAULT_MAX_BYTES_PER_TOPIC = 64L << 20;
  public static final int DEFAULT_MAX_TOPICS = 16;
  public static final long DEFAULT_IDLE_MS = 10 * 60_000L;

  public SnapshotConfig {
    topics = List.copyOf(topics);
  }

  /** No topic may have a view (the default). */
  public static SnapshotConfig disabled() {
    return new SnapshotConfig(List.of(), DEFAULT_MAX_BYTES_PER_TOPIC, DEFAULT_MAX_TOPICS, DEFAULT_IDLE_MS);
  }
}
