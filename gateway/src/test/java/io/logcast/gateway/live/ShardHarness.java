package io.logcast.gateway.live;

import io.logcast.gateway.catchup.Replay;
import io.logcast.gateway.config.ConfigLoader;
import io.logcast.gateway.config.GatewayConfig;
import io.logcast.gateway.delivery.Client;
import io.logcast.gateway.delivery.Subscription;
import io.logcast.gateway.delivery.TestSockets;
import io.logcast.gateway.log.EncodedRecord;
import io.logcast.gateway.log.PartitionBatch;
import io.logcast.gateway.log.TopicInfo;
import io.logcast.gateway.metrics.GatewayMetrics;
import io.logcast.gateway.metrics.LimitMeters;
import io.logcast.gateway.metrics.LiveMeters;
import io.logcast.gateway.metrics.TopicTags;
import io.logcast.gateway.ws.VertxInternals;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vertx.core.Context;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.clients.consumer.MockConsumer;

/**
 * One {@link HubShard} with real clients, transports and subscriptions, whose live tail and replay
 * pool read from kafka-clients' {@code MockConsumer}s (never started: the harness hands the shard
 * its live positions and batches itself). Used by the shard's unit tests and the JMH dispatch bench.
 */
public final class ShardHarness {
  public static final String EPOCH = "epoch-1";
  private final HubShard shard;
  private final GatewayMetrics metrics;
  private final Replay replay;
  private int overflows;

  /** {@code context}: where the shard's timers and replay callbacks run; null if the test needs none. */
  public ShardHarness(Context context) {
    this(context, null, -1, Long.MAX_VALUE);
  }

  /**
   * With {@code replayConsumer}, the replay pool runs one reader on it (feed it with
   * {@code schedulePollTask}); {@code memoryBytes} bounds the shard's recent records (-1: the default),
   * {@code maxInboxBytes} the batches waiting for its loop.
   */
  public ShardHarness(Context context, MockConsumer<byte[], byte[]> replayConsumer, long memoryBytes,
      long maxInboxBytes) {
    GatewayConfig config = ConfigLoader.load(null, Map.of("LOGCAST_NODE_ID", "harness",
        "LOGCAST_KAFKA_BOOTSTRAP_SERVERS", "127.0.0.1:1", "LOGCAST_TOPICS_ALLOW", "*", "LOGCAST_AUTH_MODE", "none",
        "LOGCAST_REPLAY_READERS", "1"));
    SimpleMeterRegistry registry = new SimpleMeterRegistry();
    this.metrics = new GatewayMetrics(registry, new TopicTags(false, Set.of()), new LimitMeters(registry));
    LogTail logTail = new LogTail(settings -> new MockConsumer<>("none"), "harness", null, null, LiveMeters.NONE,
        config.live().stallTimeoutMs());
    this.replay = new Replay(settings -> replayConsumer != null ? replayConsumer : new MockConsumer<>("none"),
        config.replay(), "harness");
    this.shard = new HubShard(context, logTail, replay, metrics, config.limits().maxCoalescedFrameBytes(),
        config.limits().maxWriteDutyPercent(), maxInboxBytes, () -> overflows++,
        context == null ? null : VertxInternals.afterIo(context));
    shard.keepRecent(memoryBytes < 0 ? config.replay().memoryBytes() : memoryBytes, config.limits().maxOutboundBytes());
    if (replayConsumer != null) {
      replay.start();
    }
  }

  /** Times the shard's inbox overflowed. */
  public int overflows() {
    return overflows;
  }

  /** Stops the replay pool's reader, if it runs. */
  public void close() {
    replay.close();
  }

  public HubShard shard() {
    return shard;
  }

  public GatewayMetrics metrics() {
    return metrics;
  }

  /** Catch-up jobs waiting for a reader (the pool is never started here). */
  public int replayQueued() {
    return replay.queued();
  }

  /** A client whose frames are kept: read them from {@code frames.texts()}. */
  public Client client(TestSockets.Frames frames) {
    return new Client(frames.socket(), shard, metrics, shard.frames());
  }

  /** A client whose frames are dropped. */
  public Client discardingClient() {
    return new Client(TestSockets.discarding(), shard, metrics, shard.frames());
  }

  public Subscription subscribe(Client client, String topic, String key, long... cursors) {
    return shard.register(client, new TopicInfo(topic, EPOCH, cursors.length), key, cursors);
  }

  /** The live stream of {@code topic} is at {@code positions}, as the LogTail would announce it. */
  public void live(String topic, long... positions) {
    shard.onLive(topic, positions);
  }

  /** Delivers batches and ends the task with its write cycle, as the shard's inbox does. */
  public void deliver(List<PartitionBatch> batch) {
    shard.deliver(batch);
    shard.writeOut();
  }

  /** Records {@code from}..{@code from + keys.length - 1} of one partition, record i with key {@code keys[i]}. */
  public static PartitionBatch batch(String topic, int partition, long from, String... keys) {
    List<EncodedRecord> records = new ArrayList<>(keys.length);
    for (int i = 0; i < keys.length; i++) {
      records.add(record(topic, partition, from + i, keys[i], 0));
    }
    return new PartitionBatch(topic, partition, records, from + keys.length, System.currentTimeMillis());
  }

  /** A record whose frame names its position, padded to about {@code payloadBytes}. */
  public static EncodedRecord record(String topic, int partition, long offset, String key, int payloadBytes) {
    String frame = "{\"type\":\"message\",\"topic\":\"" + topic + "\",\"partition\":" + partition + ",\"offset\":"
        + offset + (key == null ? "" : ",\"key\":\"" + key + "\"") + ",\"data\":\"" + "x".repeat(payloadBytes) + "\"}";
    return new EncodedRecord(offset, key, frame.getBytes(StandardCharsets.UTF_8), System.currentTimeMillis());
  }
}
