package io.logcast.gateway.config;

import java.util.List;

/** The whole, validated configuration of one gateway instance; see docs/configuration.md. */
public record GatewayConfig(
    String nodeId,
    ServerConfig server,
    KafkaConfig kafka,
    List<String> topicsAllow,
    AuthConfig auth,
    LimitsConfig limits,
    LiveConfig live,
    ReplayConfig replay,
    HistoryConfig history,
    PublishConfig publish,
    SessionConfig session,
    DrainConfig drain,
    ObservabilityConfig observability,
    SnapshotConfig snapshot) {

  public GatewayConfig {
    topicsAllow = List.copyOf(topicsAllow);
  }
}
