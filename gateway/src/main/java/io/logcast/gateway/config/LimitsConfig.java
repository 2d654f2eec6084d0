package io.logcast.gateway.config;

/** Bounds on what one client can make the gateway hold or do. */
public record LimitsConfig(
    int maxMessageBytes,
    int maxSubscriptionsPerConnection,
    long helloTimeoutMs,
    long heartbeatMs,
    int maxOutboundBytes,
    int maxCoalescedFrameBytes,
    int maxWriteDutyPercent,
    int maxTopicLength,
    int maxKeyLength,
    int maxPublishBatch,
    int maxHttpBodyBytes,
    int inboundPerSecond,
    int inboundBurst,
    int maxConnections,
    int maxConnectsPerSecond,
    long maxBehindMs,
    long maxBehindRecords,
    int maxConnectionsPerPrincipal,
    int publishPerSecond,
    EdgeConfig edge) {
  public static final int DEFAULT_MAX_MESSAGE_BYTES = 64 * 1024;
  public static final int DEFAULT_MAX_SUBSCRIPTIONS_PER_CONNECTION = 100;
  public static final long DEFAULT_HELLO_TIMEOUT_MS = 5_000;
  public static final long DEFAULT_HEARTBEAT_MS = 25_000;
  public static final int DEFAULT_MAX_OUTBOUND_BYTES = 1024 * 1024;
  /** Many WebSocket clients refuse frames over 64 KiB (Vert.x and Netty by default). */
  public static final int DEFAULT_MAX_COALESCED_FRAME_BYTES = 64 * 1024;
  /**
   * The largest share of an event loop's time spent in fan-out write cycles (most clients written
   * also wrote in the cycle before) before records are held back to share frames (see
   * FlushPacing); 100 never holds back. Cycles that write other clients than the one before
   * (keyed, many topics, in steady state) are never held back whatever this is (at 50 for every
   * cycle, the keyed median was 95 ms against 2.6 ms). At 50, fan-out to 1,000 clients kept
   * p99 ≤ 50 ms up to 300k deliveries/s, against 100k at 100 (docs/benchmarks.md, "Write pacing
   * for fan-out only"); 75 and two ways of waiting less did not lower the tail at 100k ("Goal 2
   * at 100k").
   */
  public static final int DEFAULT_MAX_WRITE_DUTY_PERCENT = 50;
  public static final int DEFAULT_MAX_TOPIC_LENGTH = 249;
  public static final int DEFAULT_MAX_KEY_LENGTH = 1024;
  public static final int DEFAULT_MAX_PUBLISH_BATCH = 500;
  public static final int DEFAULT_MAX_HTTP_BODY_BYTES = 1024 * 1024;
  public static final int DEFAULT_INBOUND_PER_SECOND = 50;
  public static final int DEFAULT_INBOUND_BURST = 100;
  /** Below the 20,000 open files a process may have here, leaving room for Kafka, Hazelcast, logs. */
  public static final int DEFAULT_MAX_CONNECTIONS = 15_000;
  public static final int DEFAULT_MAX_CONNECTS_PER_SECOND = 1_000;
  /** How long a client may stay behind the live stream (served from the log) before 4009. */
  public static final long DEFAULT_MAX_BEHIND_MS = 300_000;
  /** How many records a client may be behind the live stream before 4009, whatever the time. */
  public static final long DEFAULT_MAX_BEHIND_RECORDS = 1_000_000;
  /** Sessions one authenticated principal may hold at once (cluster-wide); 0 turns the limit off. */
  public static final int DEFAULT_MAX_CONNECTIONS_PER_PRINCIPAL = 100;
  /**
   * Messages one principal (the anonymous one: one address) may publish over HTTP per second on an
   * instance, with a second's worth as burst; 0 turns the limit off. Each message may reserve an
   * idempotency key the cluster keeps for publish.idempotencyWindowSeconds, so this also bounds them.
   */
  public static final int DEFAULT_PUBLISH_PER_SECOND = 1_000;
}
