package io.logcast.gateway.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SnapshotConfigTest {
  private static final Map<String, String> BASE = Map.of("kafka.bootstrapServers", "b:9092", "topics.allow", "orders",
      "auth.mode", "none");

  private static GatewayConfig load(Map<String, String> flat, Map<String, String> env) {
    Map<String, String> all = new java.util.HashMap<>(BASE);
    all.putAll(flat);
    return ConfigLoader.fromMap(all, env);
  }

  @Test
  void noTopicMayHaveAViewByDefault() {
    SnapshotConfig s = load(Map.of(), Map.of()).snapshot();
    assertThat(s.topics()).isEmpty();
    assertThat(s.maxBytesPerTopic()).isEqualTo(64L << 20);
    assertThat(s.maxTopics()).isEqualTo(16);
    assertThat(s.idleMs()).isEqualTo(600_000);
  }

  @Test
  void settingsFromKeysAndEnvironment() {
    SnapshotConfig s = load(Map.of("snapshot.topics", "prices, users.*", "snapshot.maxTopics", "3"),
        Map.of("LOGCAST_SNAPSHOT_MAX_BYTES_PER_TOPIC", "1048576", "LOGCAST_SNAPSHOT_IDLE_MS", "5000")).snapshot();
    assertThat(s.topics()).containsExactly("prices", "users.*");
    assertThat(s.maxBytesPerTopic()).isEqualTo(1L << 20);
    assertThat(s.maxTopics()).isEqualTo(3);
    assertThat(s.idleMs()).isEqualTo(5_000);
  }

  @Test
  void everyProblemIsReportedAtOnce() {
    ConfigException e = catchThrowableOfType(ConfigException.class, () -> load(Map.of("snapshot.topics", "ok,bad topic",
        "snapshot.maxBytesPerTopic", "10", "snapshot.maxTopics", "0", "snapshot.idleMs", "x"), Map.of()));
    assertThat(e).isNotNull();
    assertThat(String.join("\n", e.problems())).contains("snapshot.topics: 'bad topic' is not a topic pattern",
        "snapshot.maxBytesPerTopic", "snapshot.maxTopics", "snapshot.idleMs");
  }

  @Test
  void topicsAreAnImmutableCopy() {
    List<String> topics = new java.util.ArrayList<>(List.of("a"));
    SnapshotConfig s = new SnapshotConfig(topics, 1, 1, 1);
    topics.add("b");
    assertThat(s.topics()).containsExactly("a");
  }
}
