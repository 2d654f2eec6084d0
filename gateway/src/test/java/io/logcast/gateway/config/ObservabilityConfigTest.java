package io.logcast.gateway.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ObservabilityConfigTest {
  private static Map<String, String> base() {
    Map<String, String> m = new HashMap<>();
    m.put("kafka.bootstrapServers", "b:1");
    m.put("topics.allow", "orders,chat.*");
    m.put("auth.mode", "none");
    return m;
  }

  @Test
  void defaultsAreTextLogsAndNoTopicNames() {
    ObservabilityConfig o = ConfigLoader.fromMap(base(), Map.of()).observability();
    assertThat(o).isEqualTo(ObservabilityConfig.defaults());
  }

  @Test
  void jsonFromTheEnvironmentAndTopicTagsDefaultToTheAllowListsExactNames() {
    Map<String, String> m = base();
    m.put("metrics.topicTags", "true");
    ObservabilityConfig o = ConfigLoader.fromMap(m, Map.of("LOGCAST_LOGGING_FORMAT", "json")).observability();
    assertThat(o.logFormat()).isEqualTo(ObservabilityConfig.LogFormat.JSON);
    assertThat(o.metricTopics()).containsExactly("orders");
  }

  @Test
  void metricTopicsMustBeExactAllowedNamesAndTagsOn() {
    Map<String, String> m = base();
    m.put("metrics.topics", "orders,chat.*,secret,chat.room-1");
    m.put("logging.format", "xml");
    ConfigException e = catchThrowableOfType(ConfigException.class, () -> ConfigLoader.fromMap(m, Map.of()));
    assertThat(e.problems()).contains(
        "metrics.topics: only used with metrics.topicTags: true",
        "metrics.topics: 'chat.*' is not an exact topic name",
        "metrics.topics: 'secret' is not in topics.allow")
        .anyMatch(p -> p.startsWith("logging.format: 'xml' is not one of"))
        .noneMatch(p -> p.contains("chat.room-1"));
  }
}
