package io.logcast.gateway.config;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.logcast.session.IdempotencyStore;
import io.logcast.session.hazelcast.HazelcastSettings;
import java.io.IOException;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;

/** Builds a {@link GatewayConfig} from a YAML file plus environment variables (which win). */
public final class ConfigLoader {
  private static final int MAX_PORT = 65_535;
  private static final int MAX_INT = Integer.MAX_VALUE;
  private static final java.util.Set<String> SECRET_KEYS = java.util.Set.of("auth.hs256Secret", "auth.adminKey");

  private ConfigLoader() {}

  public static GatewayConfig load(Path file, Map<String, String> env) {
    return load(file, env, null);
  }

  /**
   * Like {@link #load}, and fills {@code effective} with every setting as the gateway uses it (the
   * value given, or the default), secrets masked: what {@code logcast config print} shows.
   */
  public static GatewayConfig load(Path file, Map<String, String> env, Map<String, String> effective) {
    Map<String, String> flat = new TreeMap<>();
    List<String> problems = new ArrayList<>();
    if (file != null) {
      readYaml(file, flat, problems);
    }
    return build(flat, env, problems, effective);
  }

  /** For callers that already hold settings as flat keys (dev mode, tests). */
  public static GatewayConfig fromMap(Map<String, String> flat, Map<String, String> env) {
    return build(new TreeMap<>(flat), env, new ArrayList<>(), null);
  }

  private static GatewayConfig build(Map<String, String> flat, Map<String, String> env, List<String> problems,
      Map<String, String> effective) {
    env.forEach((name, value) -> {
      if (!name.startsWith(ConfigKeys.ENV_PREFIX) || ConfigKeys.LAUNCHER_ENV.contains(name)) {
        return;
      }
      String key = ConfigKeys.keyOfEnv(name);
      if (key == null) {
        problems.add(name + ": unknown environment variable (see docs/configuration.md)");
      } else {
        flat.put(key, value);
      }
    });
    flat.keySet().stream().filter(k -> !ConfigKeys.isKnown(k)).forEach(k -> problems.add(k + ": unknown key"));

    Settings s = new Settings(flat);
    ServerConfig server = new ServerConfig(
        s.string("server.host", ServerConfig.DEFAULT_HOST),
        s.integer("server.port", ServerConfig.DEFAULT_PORT, 0, MAX_PORT),
        s.string("server.wsPath", ServerConfig.DEFAULT_WS_PATH),
        s.integer("server.eventLoops", Runtime.getRuntime().availableProcessors(), 1, 256),
        s.string("management.host", ServerConfig.DEFAULT_HOST),
        s.integer("management.port", ServerConfig.DEFAULT_MANAGEMENT_PORT, 0, MAX_PORT),
        s.bool("server.perMessageDeflate", false));
    if (!server.wsPath().startsWith("/")) {
      s.problem("server.wsPath: must start with '/'");
    }
    KafkaConfig kafka = new KafkaConfig(
        s.required("kafka.bootstrapServers"), prefixed(flat, "kafka.common."), prefixed(flat, "kafka.consumer."),
        prefixed(flat, "kafka.producer."), prefixed(flat, "kafka.admin."));
    List<String> allow = s.list("topics.allow");
    if (allow.isEmpty()) {
      s.problem("topics.allow: list at least one topic pattern (e.g. \"orders\", \"chat.*\"); nothing is exposed by default");
    }
    allow.forEach(p -> {
      if (!TopicPatterns.isValid(p)) {
        s.problem("topics.allow: '" + p + "' is not a topic pattern ([a-zA-Z0-9._-] and '*')");
      }
    });
    AuthConfig auth = AuthConfigReader.read(s);
    LimitsConfig limits = limits(s);
    ReplayConfig replay = new ReplayConfig(
        s.integer("replay.readers", ReplayConfig.DEFAULT_READERS, 1, 64),
        s.integer("replay.maxQueued", ReplayConfig.DEFAULT_MAX_QUEUED, 1, 1_000_000),
        s.integer("replay.chunkRecords", ReplayConfig.DEFAULT_CHUNK_RECORDS, 1, 100_000),
        s.number("replay.memoryBytes", ReplayConfig.DEFAULT_MEMORY_BYTES, 0, 64L << 30),
        s.number("replay.maxStallMs", ReplayConfig.DEFAULT_MAX_STALL_MS, 1_000, 3_600_000));
    HistoryConfig history = new HistoryConfig(
        s.integer("history.maxLimit", HistoryConfig.DEFAULT_MAX_LIMIT, 1, 100_000),
        s.number("history.maxPageBytes", HistoryConfig.DEFAULT_MAX_PAGE_BYTES, 1_024, 64L << 20),
        s.number("history.maxScanMs", HistoryConfig.DEFAULT_MAX_SCAN_MS, 100, 60_000),
        s.integer("history.maxConcurrent", HistoryConfig.DEFAULT_MAX_CONCURRENT, 1, 10_000),
        s.integer("history.perSecond", HistoryConfig.DEFAULT_PER_SECOND, 0, 1_000_000));
    LiveConfig live = new LiveConfig(
        s.number("live.stallTimeoutMs", LiveConfig.DEFAULT_STALL_TIMEOUT_MS, 1_000, 3_600_000),
        s.number("live.maxInboxBytes", LiveConfig.DEFAULT_MAX_INBOX_BYTES, 1L << 20, 64L << 30),
        s.number("live.topicCheckMs", LiveConfig.DEFAULT_TOPIC_CHECK_MS, 1_000, 300_000),
        s.number("live.unreadableRetryMs", LiveConfig.DEFAULT_UNREADABLE_RETRY_MS, 1_000, 3_600_000));
    PublishConfig publish = new PublishConfig(
        s.number("publish.lingerMs", PublishConfig.DEFAULT_LINGER_MS, 0, 10_000),
        s.number("publish.timeoutMs", PublishConfig.DEFAULT_TIMEOUT_MS, 1_000, 600_000),
        s.number("publish.idempotencyWindowSeconds", PublishConfig.DEFAULT_IDEMPOTENCY_WINDOW_SECONDS, 1, 7 * 86_400),
        s.integer("publish.maxInFlight", PublishConfig.DEFAULT_MAX_IN_FLIGHT, 1, 1_000_000));
    if (publish.lingerMs() * 2 >= publish.timeoutMs()) {
      s.problem("publish.lingerMs: must be less than half of publish.timeoutMs (" + publish.timeoutMs() + ")");
    }
    SessionConfig session = session(s);
    DrainConfig drain = new DrainConfig(
        s.number("drain.windowMs", DrainConfig.DEFAULT_WINDOW_MS, 0, 600_000),
        s.number("drain.graceMs", DrainConfig.DEFAULT_GRACE_MS, 1_000, 3_600_000));
    if (drain.windowMs() >= drain.graceMs()) {
      s.problem("drain.windowMs: must be less than drain.graceMs (" + drain.graceMs() + ")");
    }
    SnapshotConfig snapshot = snapshot(s);
    String nodeId = s.string("node.id", defaultNodeId());
    ObservabilityConfig observability = ObservabilityConfigReader.read(s, allow);

    problems.addAll(s.problems());
    if (!problems.isEmpty()) {
      throw new ConfigException(problems);
    }
    if (effective != null) {
      s.effective().forEach((k, v) -> effective.put(k, SECRET_KEYS.contains(k) ? Secret.MASK : v));
      flat.forEach((k, v) -> {
        if (ConfigKeys.KAFKA_PASSTHROUGH.stream().anyMatch(k::startsWith)) {
          effective.put(k, Secret.isSecretName(k) ? Secret.MASK : v);
        }
      });
    }
    return new GatewayConfig(nodeId, server, kafka, allow, auth, limits, live, replay, history, publish, session,
        drain, observability, snapshot);
  }

  private static SnapshotConfig snapshot(Settings s) {
    List<String> topics = s.list("snapshot.topics");
    topics.forEach(p -> {
      if (!TopicPatterns.isValid(p)) {
        s.problem("snapshot.topics: '" + p + "' is not a topic pattern ([a-zA-Z0-9._-] and '*')");
      }
    });
    return new SnapshotConfig(topics,
        s.number("snapshot.maxBytesPerTopic", SnapshotConfig.DEFAULT_MAX_BYTES_PER_TOPIC, 1_024, 64L << 30),
        s.integer("snapshot.maxTopics", SnapshotConfig.DEFAULT_MAX_TOPICS, 1, 10_000),
        s.number("snapshot.idleMs", SnapshotConfig.DEFAULT_IDLE_MS, 1_000, 7 * 86_400_000L));
  }

  private static SessionConfig session(Settings s) {
    HazelcastSettings hz = new HazelcastSettings(
        s.choice("hazelcast.mode", HazelcastSettings.Mode.class, HazelcastSettings.Mode.EMBEDDED),
        s.string("hazelcast.clusterName", HazelcastSettings.DEFAULT_CLUSTER_NAME),
        s.list("hazelcast.members").isEmpty() ? List.of(SessionConfig.DEFAULT_MEMBERS) : s.list("hazelcast.members"),
        s.integer("hazelcast.port", HazelcastSettings.DEFAULT_PORT, 1, MAX_PORT),
        s.string("hazelcast.bindAddress", null),
        s.string("hazelcast.kubernetesServiceDns", null),
        s.integer("hazelcast.backupCount", HazelcastSettings.DEFAULT_BACKUP_COUNT, 1, 6),
        s.integer("hazelcast.minClusterSize", HazelcastSettings.DEFAULT_MIN_CLUSTER_SIZE, 1, 1000),
        s.integer("session.maxPerMember", HazelcastSettings.DEFAULT_MAX_SESSIONS_PER_MEMBER, 100, 100_000_000));
    return new SessionConfig(
        s.choice("session.store", SessionConfig.Store.class, SessionConfig.Store.HAZELCAST),
        s.number("session.ttlSeconds", SessionConfig.DEFAULT_TTL_SECONDS, 1, 7 * 86_400),
        hz,
        s.integer("session.maxIdempotencyKeysPerMember", IdempotencyStore.DEFAULT_MAX_KEYS_PER_MEMBER, 100,
            100_000_000));
  }

  private static LimitsConfig limits(Settings s) {
    return new LimitsConfig(
        s.integer("limits.maxMessageBytes", LimitsConfig.DEFAULT_MAX_MESSAGE_BYTES, 256, 16 << 20),
        s.integer("limits.maxSubscriptionsPerConnection", LimitsConfig.DEFAULT_MAX_SUBSCRIPTIONS_PER_CONNECTION, 1, 100_000),
        s.number("limits.helloTimeoutMs", LimitsConfig.DEFAULT_HELLO_TIMEOUT_MS, 100, 600_000),
        s.number("limits.heartbeatMs", LimitsConfig.DEFAULT_HEARTBEAT_MS, 100, 600_000),
        s.integer("limits.maxOutboundBytes", LimitsConfig.DEFAULT_MAX_OUTBOUND_BYTES, 4096, MAX_INT),
        s.integer("limits.maxCoalescedFrameBytes", LimitsConfig.DEFAULT_MAX_COALESCED_FRAME_BYTES, 1024, 64 << 20),
        s.integer("limits.maxWriteDutyPercent", LimitsConfig.DEFAULT_MAX_WRITE_DUTY_PERCENT, 1, 100),
        s.integer("limits.maxTopicLength", LimitsConfig.DEFAULT_MAX_TOPIC_LENGTH, 1, 249),
        s.integer("limits.maxKeyLength", LimitsConfig.DEFAULT_MAX_KEY_LENGTH, 1, 1 << 20),
        s.integer("limits.maxPublishBatch", LimitsConfig.DEFAULT_MAX_PUBLISH_BATCH, 1, 100_000),
        s.integer("limits.maxHttpBodyBytes", LimitsConfig.DEFAULT_MAX_HTTP_BODY_BYTES, 1024, 256 << 20),
        s.integer("limits.inboundPerSecond", LimitsConfig.DEFAULT_INBOUND_PER_SECOND, 1, 100_000),
        s.integer("limits.inboundBurst", LimitsConfig.DEFAULT_INBOUND_BURST, 1, 100_000),
        s.integer("limits.maxConnections", LimitsConfig.DEFAULT_MAX_CONNECTIONS, 1, 1_000_000),
        s.integer("limits.maxConnectsPerSecond", LimitsConfig.DEFAULT_MAX_CONNECTS_PER_SECOND, 1, 1_000_000),
        s.number("limits.maxBehindMs", LimitsConfig.DEFAULT_MAX_BEHIND_MS, 1_000, 86_400_000),
        s.number("limits.maxBehindRecords", LimitsConfig.DEFAULT_MAX_BEHIND_RECORDS, 1, Long.MAX_VALUE),
        s.integer("limits.maxConnectionsPerPrincipal", LimitsConfig.DEFAULT_MAX_CONNECTIONS_PER_PRINCIPAL, 0, 1_000_000),
        s.integer("limits.publishPerSecond", LimitsConfig.DEFAULT_PUBLISH_PER_SECOND, 0, 10_000_000),
        EdgeConfigReader.read(s));
  }

  private static Map<String, String> prefixed(Map<String, String> flat, String prefix) {
    Map<String, String> out = new TreeMap<>();
    flat.forEach((k, v) -> {
      if (k.startsWith(prefix) && k.length() > prefix.length()) {
        out.put(k.substring(prefix.length()), v);
      }
    });
    return out;
  }

  private static void readYaml(Path file, Map<String, String> flat, List<String> problems) {
    try {
      JsonNode root = new YAMLMapper().readTree(Files.readString(file));
      if (root != null && !root.isMissingNode() && !root.isNull()) {
        if (!root.isObject()) {
          problems.add(file + ": the top level must be a mapping");
        } else {
          flatten("", root, flat);
        }
      }
    } catch (JacksonException e) {
      // the parser's own message quotes the offending line, which may hold a secret: position only
      problems.add(file + ": not valid YAML at line "
          + (e.getLocation() == null ? "?" : e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr()));
    } catch (java.nio.file.NoSuchFileException e) {
      problems.add(file + ": no such file");
    } catch (java.nio.file.AccessDeniedException e) {
      problems.add(file + ": permission denied");
    } catch (IOException e) {
      problems.add(file + ": cannot be read");
    }
  }

  private static void flatten(String prefix, JsonNode node, Map<String, String> flat) {
    if (node.isObject()) {
      Iterator<Map.Entry<String, JsonNode>> it = node.fields();
      while (it.hasNext()) {
        Map.Entry<String, JsonNode> e = it.next();
        flatten(prefix.isEmpty() ? e.getKey() : prefix + "." + e.getKey(), e.getValue(), flat);
      }
    } else if (node.isArray()) {
      List<String> items = new ArrayList<>();
      node.forEach(n -> items.add(n.asText()));
      flat.put(prefix, String.join(",", items));
    } else if (!node.isNull()) {
      flat.put(prefix, node.asText());
    }
  }

  private static String defaultNodeId() {
    String host;
    try {
      host = InetAddress.getLocalHost().getHostName();
    } catch (IOException e) {
      host = "node";
    }
    return host + "-" + UUID.randomUUID().toString().substring(0, 6);
  }
}
