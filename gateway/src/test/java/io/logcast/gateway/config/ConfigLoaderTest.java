package io.logcast.gateway.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigLoaderTest {
  private static final String VALID = """
      node:
        id: node-1
      kafka:
        bootstrapServers: "broker:9092"
      topics:
        allow: [orders, "chat.*"]
      auth:
        mode: none
      """;

  @TempDir
  Path dir;

  private Path yaml(String text) throws IOException {
    return Files.writeString(dir.resolve("logcast.yaml"), text);
  }

  private List<String> problems(Path file, Map<String, String> env) {
    ConfigException e = catchThrowableOfType(ConfigException.class, () -> ConfigLoader.load(file, env));
    assertThat(e).as("expected a ConfigException").isNotNull();
    return e.problems();
  }

  @Test
  void validYamlGivesValuesAndDefaults() throws IOException {
    GatewayConfig cfg = ConfigLoader.load(yaml(VALID + "server:\n  port: 8081\n"), Map.of());

    assertThat(cfg.nodeId()).isEqualTo("node-1");
    assertThat(cfg.kafka().bootstrapServers()).isEqualTo("broker:9092");
    assertThat(cfg.topicsAllow()).containsExactly("orders", "chat.*");
    assertThat(cfg.auth().mode()).isEqualTo(AuthConfig.Mode.NONE);
    assertThat(cfg.server().port()).isEqualTo(8081);
    assertThat(cfg.server().host()).isEqualTo(ServerConfig.DEFAULT_HOST);
    assertThat(cfg.server().wsPath()).isEqualTo("/ws");
    assertThat(cfg.server().managementPort()).isEqualTo(ServerConfig.DEFAULT_MANAGEMENT_PORT);
    assertThat(cfg.server().eventLoops()).isEqualTo(Runtime.getRuntime().availableProcessors());
    assertThat(cfg.limits().maxMessageBytes()).isEqualTo(LimitsConfig.DEFAULT_MAX_MESSAGE_BYTES);
    assertThat(cfg.limits().maxTopicLength()).isEqualTo(LimitsConfig.DEFAULT_MAX_TOPIC_LENGTH);
    assertThat(cfg.replay()).isEqualTo(new ReplayConfig(ReplayConfig.DEFAULT_READERS,
        ReplayConfig.DEFAULT_MAX_QUEUED, ReplayConfig.DEFAULT_CHUNK_RECORDS, ReplayConfig.DEFAULT_MEMORY_BYTES,
        ReplayConfig.DEFAULT_MAX_STALL_MS));
    assertThat(cfg.publish()).isEqualTo(new PublishConfig(PublishConfig.DEFAULT_LINGER_MS,
        PublishConfig.DEFAULT_TIMEOUT_MS, PublishConfig.DEFAULT_IDEMPOTENCY_WINDOW_SECONDS,
        PublishConfig.DEFAULT_MAX_IN_FLIGHT));
    assertThat(cfg.session().ttlSeconds()).isEqualTo(SessionConfig.DEFAULT_TTL_SECONDS);
    assertThat(cfg.session().store()).isEqualTo(SessionConfig.Store.HAZELCAST);
    assertThat(cfg.drain().windowMs()).isEqualTo(DrainConfig.DEFAULT_WINDOW_MS);
    assertThat(cfg.kafka().common()).isEmpty();
  }

  @Test
  void environmentWinsOverYaml() throws IOException {
    GatewayConfig cfg = ConfigLoader.load(yaml(VALID + "server:\n  port: 8081\n"), Map.of(
        "LOGCAST_SERVER_PORT", "9999",
        "LOGCAST_KAFKA_BOOTSTRAP_SERVERS", "env-broker:9093",
        "LOGCAST_SERVER_WS_PATH", "/live"));

    assertThat(cfg.server().port()).isEqualTo(9999);
    assertThat(cfg.kafka().bootstrapServers()).isEqualTo("env-broker:9093");
    assertThat(cfg.server().wsPath()).isEqualTo("/live");
  }

  @Test
  void environmentAloneIsEnough() {
    GatewayConfig cfg = ConfigLoader.load(null, Map.of(
        "LOGCAST_NODE_ID", "n",
        "LOGCAST_KAFKA_BOOTSTRAP_SERVERS", "b:9092",
        "LOGCAST_TOPICS_ALLOW", " a , b.* ,",
        "LOGCAST_AUTH_MODE", "NONE"));

    assertThat(cfg.topicsAllow()).containsExactly("a", "b.*");
    assertThat(cfg.auth().mode()).isEqualTo(AuthConfig.Mode.NONE);
  }

  @Test
  void kafkaPassthroughFromYamlAndEnvironment() throws IOException {
    String text = VALID.replace("bootstrapServers: \"broker:9092\"", """
        bootstrapServers: "broker:9092"
          common: {security.protocol: SASL_SSL}
          consumer: {max.poll.records: 10}""");
    KafkaConfig kafka = ConfigLoader.load(yaml(text), Map.of("LOGCAST_KAFKA_PRODUCER_LINGER_MS", "7")).kafka();

    assertThat(kafka.common()).containsExactlyEntriesOf(Map.of("security.protocol", "SASL_SSL"));
    assertThat(kafka.consumer()).containsExactlyEntriesOf(Map.of("max.poll.records", "10"));
    assertThat(kafka.producer()).containsExactlyEntriesOf(Map.of("linger.ms", "7"));
    assertThat(kafka.admin()).isEmpty();

    Properties consumer = kafka.consumerProperties(Map.of("max.poll.records", 500, "group.id", "g"));
    assertThat(consumer).containsEntry("bootstrap.servers", "broker:9092")
        .containsEntry("security.protocol", "SASL_SSL")
        .containsEntry("max.poll.records", "10")
        .containsEntry("group.id", "g")
        .doesNotContainKey("linger.ms");

    Properties producer = kafka.producerProperties(Map.of("linger.ms", 5));
    assertThat(producer).containsEntry("bootstrap.servers", "broker:9092")
        .containsEntry("security.protocol", "SASL_SSL")
        .containsEntry("linger.ms", "7")
        .doesNotContainKey("max.poll.records");

    assertThat(kafka.adminProperties(Map.of())).containsOnlyKeys("bootstrap.servers", "security.protocol");
  }

  @Test
  void reportsEveryProblemAtOnce() throws IOException {
    Path file = yaml("""
        server:
          port: 70000
          wsPath: ws
          bogus: 1
        limits:
          maxMessageBytes: lots
        topics:
          allow: []
        auth:
          mode: magic
        """);
    List<String> problems = problems(file, Map.of("LOGCAST_NOPE", "1"));

    assertThat(problems).contains(
        "kafka.bootstrapServers: required (env LOGCAST_KAFKA_BOOTSTRAP_SERVERS)",
        "server.port: 70000 is outside 0..65535",
        "server.wsPath: must start with '/'",
        "server.bogus: unknown key",
        "limits.maxMessageBytes: 'lots' is not a whole number",
        "auth.mode: 'magic' is not one of [none, jwt]");
    assertThat(problems).anySatisfy(p -> assertThat(p).startsWith("topics.allow: list at least one"));
    assertThat(problems).anySatisfy(p -> assertThat(p).startsWith("LOGCAST_NOPE: unknown environment variable"));
    assertThat(problems).hasSize(8);
  }

  @Test
  void invalidYamlReportsTheLineAndOtherProblemsToo() throws IOException {
    Path file = yaml("node:\n  id: a\nserver: {port: 1\n");
    List<String> problems = problems(file, Map.of());

    assertThat(problems).anySatisfy(p -> assertThat(p).contains("not valid YAML at line 3"));
    assertThat(problems).contains("kafka.bootstrapServers: required (env LOGCAST_KAFKA_BOOTSTRAP_SERVERS)");
  }

  @Test
  void lingerMustLeaveRoomForTheRequestWithinThePublishTimeout() throws IOException {
    assertThat(problems(yaml(VALID + "publish:\n  timeoutMs: 1000\n  lingerMs: 600\n"), Map.of()))
        .anySatisfy(p -> assertThat(p).startsWith("publish.lingerMs: must be less than half"));
  }

  @Test
  void topLevelMustBeAMapping() throws IOException {
    assertThat(problems(yaml("- a\n- b\n"), Map.of()))
        .anySatisfy(p -> assertThat(p).endsWith(": the top level must be a mapping"));
  }

  @Test
  void badTopicPatternIsReported() throws IOException {
    assertThat(problems(yaml(VALID.replace("[orders, \"chat.*\"]", "[\"a b\", orders]")), Map.of()))
        .containsExactly("topics.allow: 'a b' is not a topic pattern ([a-zA-Z0-9._-] and '*')");
  }

  @Test
  void launcherAndForeignEnvironmentVariablesAreIgnored() throws IOException {
    GatewayConfig cfg = ConfigLoader.load(yaml(VALID), Map.of(
        "LOGCAST_JAVA_OPTS", "-Xmx1g",
        "LOGCAST_CONFIG", "/etc/logcast.yaml",
        "LOGCAST_HOME", "/opt/logcast",
        "PATH", "/usr/bin",
        "SERVER_PORT", "1",
        "logcast_server_port", "2"));

    assertThat(cfg.server().port()).isEqualTo(ServerConfig.DEFAULT_PORT);
  }

  @Test
  void splitBrainProtectionIsOffUnlessAMinimumClusterSizeIsSet() throws IOException {
    assertThat(ConfigLoader.load(yaml(VALID), Map.of()).session().hazelcast().minClusterSize()).isEqualTo(1);
    assertThat(ConfigLoader.load(yaml(VALID), Map.of("LOGCAST_HAZELCAST_MIN_CLUSTER_SIZE", "2"))
        .session().hazelcast().minClusterSize()).isEqualTo(2);
  }

  @Test
  void fromMapValidatesLikeLoad() {
    Map<String, String> flat = Map.of("kafka.bootstrapServers", "b:1", "topics.allow", "t", "auth.mode", "none",
        "node.id", "n", "server.port", "1_000");
    assertThat(ConfigLoader.fromMap(flat, Map.of()).server().port()).isEqualTo(1000);

    ConfigException e = catchThrowableOfType(ConfigException.class,
        () -> ConfigLoader.fromMap(Map.of("nope", "1"), Map.of()));
    assertThat(e.problems()).contains("nope: unknown key");
    assertThat(e.getMessage()).startsWith("invalid configuration:").contains("nope: unknown key");
  }
}
