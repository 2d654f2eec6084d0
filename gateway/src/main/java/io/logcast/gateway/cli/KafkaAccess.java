package io.logcast.gateway.cli;

import io.logcast.gateway.config.ConfigLoader;
import io.logcast.gateway.config.KafkaConfig;
import java.nio.file.Path;
import java.util.Map;
import org.apache.kafka.clients.admin.Admin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;

/**
 * Which Kafka cluster a tool talks to: {@code --bootstrap-server}, else the gateway config's
 * {@code kafka.*} (with its SASL/TLS settings), else LOGCAST_KAFKA_BOOTSTRAP_SERVERS, else the
 * broker of {@code logcast dev}.
 */
final class KafkaAccess {
  static final String DEV_BROKER = "localhost:9092";
  static final int TIMEOUT_MS = 15_000;

  @Option(names = {"-b", "--bootstrap-server"}, scope = ScopeType.INHERIT,
      description = "Kafka bootstrap servers (default: the config's kafka.bootstrapServers, else "
          + "$LOGCAST_KAFKA_BOOTSTRAP_SERVERS, else " + DEV_BROKER + ", the dev broker)")
  String bootstrap;

  @Option(names = {"-c", "--config"}, scope = ScopeType.INHERIT,
      description = "gateway YAML config whose kafka.* settings to use (default: $LOGCAST_CONFIG)")
  Path config;

  /** Where it connects, for messages. */
  String target() {
    return kafka().bootstrapServers();
  }

  Admin admin() {
    return Admin.create(kafka().adminProperties(Map.of(
        "client.id", "logcast-cli",
        "default.api.timeout.ms", TIMEOUT_MS,
        "request.timeout.ms", TIMEOUT_MS / 3)));
  }

  private KafkaConfig kafka() {
    Path file = config != null ? config : envPath("LOGCAST_CONFIG");
    if (bootstrap != null || file == null) {
      String servers = bootstrap != null ? bootstrap
          : System.getenv().getOrDefault("LOGCAST_KAFKA_BOOTSTRAP_SERVERS", DEV_BROKER);
      return new KafkaConfig(servers, Map.of(), Map.of(), Map.of(), Map.of());
    }
    return ConfigLoader.load(file, System.getenv()).kafka();
  }

  private static Path envPath(String name) {
    String v = System.getenv(name);
    return v == null || v.isBlank() ? null : Path.of(v);
  }
}
