package io.logcast.gateway.config;

import java.util.List;

/**
 * Logs and metrics.
 *
 * @param logFormat text lines, or one JSON object per line for log collectors
 * @param topicTags whether meters carry topic names at all (else every topic is {@code other})
 * @param metricTopics the exact topic names that get their own tag value when topicTags is on
 */
public record ObservabilityConfig(LogFormat logFormat, boolean topicTags, List<String> metricTopics) {
  /** Bounds the series a topic tag can add. */
  public static final int MAX_METRIC_TOPICS = 50;
  public static final LogFormat DEFAULT_LOG_FORMAT = LogFormat.TEXT;

  public enum LogFormat { TEXT, JSON }

  public ObservabilityConfig {
    metricTopics = List.copyOf(metricTopics);
  }

  public static ObservabilityConfig defaults() {
    return new ObservabilityConfig(DEFAULT_LOG_FORMAT, false, List.of());
  }
}
