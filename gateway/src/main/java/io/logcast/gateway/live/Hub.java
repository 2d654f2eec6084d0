package io.logcast.gateway.live;

import io.logcast.gateway.catchup.Replay;
import io.logcast.gateway.config.GatewayConfig;
import io.logcast.gateway.log.PartitionBatch;
import io.logcast.gateway.metrics.GatewayMetrics;
import io.logcast.gateway.metrics.LiveMeters;
import io.vertx.core.Context;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executor;

/**
 * Fans the live stream out to the shards, one per event loop, through their {@link Inbox}es: a
 * task per event loop takes every batch that arrived while the loop was busy.
 */
public final class Hub implements LogTail.Sink {
  private final List<HubShard> shards = new CopyOnWriteArrayList<>();
  private final LiveMeters meters;

  public Hub(LiveMeters meters) {
    this.meters = meters;
    meters.inboxBytes(this::inboxBytes);
  }

  /**
   * A shard for the event loop of {@code context}, sized from the configuration. {@code afterIo} runs a task after the loop's next I/O pass (the write cycle that follows
   * a busy one goes there, so reads, pongs and timers are not kept waiting behind a chain of them).
   */
  public HubShard addShard(Context context, LogTail logTail, Replay replay, GatewayMetrics metrics,
      GatewayConfig config, Executor afterIo) {
    var limits = config.limits();
    HubShard shard = new HubShard(context, logTail, replay, metrics, limits.maxCoalescedFrameBytes(),
        limits.maxWriteDutyPercent(), config.live().maxInboxBytes(), meters::overflowed, afterIo);
    shard.keepRecent(config.replay().memoryBytes() / config.server().eventLoops(), limits.maxOutboundBytes());
    shard.maxCatchUpStallMs(config.replay().maxStallMs());
    shards.add(shard);
    return shard;
  }

  @Override
  public void onLive(String topic, long[] positions) {
    for (HubShard s : shards) {
      s.post(() -> s.onLive(topic, positions));
    }
  }

  @Override
  public void onBatch(List<PartitionBatch> batch) {
    long bytes = 0;
    for (PartitionBatch pb : batch) {
      for (int i = 0, n = pb.records().size(); i < n; i++) {
        bytes += pb.records().get(i).frame().length;
      }
    }
    for (HubShard s : shards) {
      s.post(batch, bytes);
    }
  }

  /** Record bytes waiting in the shards' inboxes. Thread-safe. */
  public long inboxBytes() {
    long n = 0;
    for (HubShard s : shards) {
      n += s.inboxBytes();
    }
    return n;
  }

  @Override
  public void onRecreated(String topic, String epoch, long[] positions) {
    for (HubShard s : shards) {
      s.post(() -> s.onRecreated(topic, epoch, positions));
    }
  }

  @Override
  public void onDropped(String topic) {
    for (HubShard s : shards) {
      s.post(() -> s.onDropped(topic));
    }
  }

  public List<HubShard> shards() {
    return shards;
  }
}
