package io.logcast.gateway.config;

import java.util.List;

/** Reads {@code logging.*} and {@code metrics.*}; see docs/configuration.md. */
final class ObservabilityConfigReader {
  private ObservabilityConfigReader() {}

  static ObservabilityConfig read(Settings s, List<String> topicsAllow) {
    var format = s.choice("logging.format", ObservabilityConfig.LogFormat.class, ObservabilityConfig.DEFAULT_LOG_FORMAT);
    boolean topicTags = s.bool("metrics.topicTags", false);
    List<String> topics = s.list("metrics.topics");
    if (!topics.isEmpty() && !topicTags) {
      s.problem("metrics.topics: only used with metrics.topicTags: true");
    }
    if (topicTags && topics.isEmpty()) {
      // default: the allow-list's exact names (a pattern would let clients add series)
      topics = topicsAllow.stream().filter(p -> !p.contains("*")).toList();
    }
    if (topics.size() > ObservabilityConfig.MAX_METRIC_TOPICS) {
      s.problem("metrics.topics: at most " + ObservabilityConfig.MAX_METRIC_TOPICS + " topics (each adds series)");
    }
    TopicPatterns allowed = new TopicPatterns(topicsAllow);
    for (String t : topics) {
      if (t.contains("*") || !TopicPatterns.isValid(t)) {
        s.problem("metrics.topics: '" + t + "' is not an exact topic name");
      } else if (!allowed.allows(t)) {
        s.problem("metrics.topics: '" + t + "' is not in topics.allow");
      }
    }
    return new ObservabilityConfig(format == null ? ObservabilityConfig.DEFAULT_LOG_FORMAT : format, topicTags, topics);
  }
}
