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
    ReplayConfig replay,
    PublishConfig publish,
    long sessionTtlSeconds) {
  public static final long DEFAULT_SESSION_TTL_SECONDS = 300;

  public GatewayConfig {
    topicsAllow = List.copyOf(topicsAllow);
  }
}
