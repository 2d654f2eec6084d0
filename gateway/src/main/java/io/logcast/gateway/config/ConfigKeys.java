package io.logcast.gateway.config;

import java.util.List;
import java.util.Locale;

/** Every key the gateway reads, and the environment variable that overrides it. */
public final class ConfigKeys {
  public static final String ENV_PREFIX = "LOGCAST_";
  /** Kafka client properties pass through under these prefixes, e.g. kafka.common.security.protocol. */
  public static final List<String> KAFKA_PASSTHROUGH =
      List.of("kafka.common.", "kafka.consumer.", "kafka.producer.", "kafka.admin.");
  /** Variables the launcher reads itself; not configuration keys. */
  static final List<String> LAUNCHER_ENV = List.of("LOGCAST_JAVA_OPTS", "LOGCAST_CONFIG", "LOGCAST_HOME", "LOGCAST_TOKEN", "LOGCAST_LOG_LEVEL");

  public static final List<String> KEYS = List.of(
      "node.id",
      "server.host", "server.port", "server.wsPath", "server.eventLoops", "server.perMessageDeflate",
      "management.host", "management.port",
      "kafka.bootstrapServers",
      "topics.allow",
      "auth.mode", "auth.alg", "auth.hs256Secret", "auth.publicKeysPem", "auth.jwksUrl", "auth.jwksMaxAgeSeconds",
      "auth.jwksRefreshCooldownSeconds", "auth.issuer", "auth.audience", "auth.clockSkewSeconds", "auth.queryParamToken",
      "auth.adminClaim", "auth.adminKey", "auth.origins", "auth.allowMissingOrigin",
      "limits.maxMessageBytes", "limits.maxSubscriptionsPerConnection", "limits.helloTimeoutMs",
      "limits.heartbeatMs", "limits.maxOutboundBytes", "limits.maxCoalescedFrameBytes", "limits.maxWriteDutyPercent",
      "limits.maxTopicLength",
      "limits.maxKeyLength", "limits.maxPublishBatch", "limits.maxHttpBodyBytes",
      "limits.inboundPerSecond", "limits.inboundBurst", "limits.maxConnections", "limits.maxConnectsPerSecond",
      "limits.maxBehindMs", "limits.maxBehindRecords", "limits.maxConnectionsPerPrincipal", "limits.publishPerSecond",
      "limits.requestHeaderTimeoutMs", "limits.requestBodyTimeoutMs", "limits.httpIdleTimeoutMs",
      "limits.maxPendingPerAddress", "limits.maxConnectsPerSecondPerAddress", "limits.perAddressExempt",
      "live.stallTimeoutMs", "live.maxInboxBytes", "live.topicCheckMs", "live.unreadableRetryMs",
      "replay.readers", "replay.maxQueued", "replay.chunkRecords", "replay.memoryBytes", "replay.maxStallMs",
      "history.maxLimit", "history.maxPageBytes", "history.maxScanMs", "history.maxConcurrent", "history.perSecond",
      "snapshot.topics", "snapshot.maxBytesPerTopic", "snapshot.maxTopics", "snapshot.idleMs",
      "publish.lingerMs", "publish.timeoutMs", "publish.idempotencyWindowSeconds", "publish.maxInFlight",
      "session.store", "session.ttlSeconds", "session.maxPerMember", "session.maxIdempotencyKeysPerMember",
      "hazelcast.mode", "hazelcast.clusterName", "hazelcast.members", "hazelcast.port", "hazelcast.bindAddress",
      "hazelcast.kubernetesServiceDns", "hazelcast.backupCount", "hazelcast.minClusterSize",
      "drain.windowMs", "drain.graceMs",
      "logging.format", "metrics.topicTags", "metrics.topics");

  private ConfigKeys() {}

  /** {@code server.wsPath} → {@code LOGCAST_SERVER_WS_PATH}. */
  public static String envName(String key) {
    return ENV_PREFIX + key.replaceAll("([a-z0-9])([A-Z])", "$1_$2").replace('.', '_').toUpperCase(Locale.ROOT);
  }

  /** The key an environment variable sets, or null if it sets none. */
  static String keyOfEnv(String env) {
    for (String prefix : KAFKA_PASSTHROUGH) {
      String envPrefix = envName(prefix.substring(0, prefix.length() - 1)) + "_";
      if (env.startsWith(envPrefix) && env.length() > envPrefix.length()) {
        return prefix + env.substring(envPrefix.length()).toLowerCase(Locale.ROOT).replace('_', '.');
      }
    }
    for (String key : KEYS) {
      if (envName(key).equals(env)) {
        return key;
      }
    }
    return null;
  }

  static boolean isKnown(String key) {
    return KEYS.contains(key) || KAFKA_PASSTHROUGH.stream().anyMatch(p -> key.startsWith(p) && key.length() > p.length());
  }
}
