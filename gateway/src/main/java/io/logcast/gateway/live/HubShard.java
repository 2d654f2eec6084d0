package io.logcast.gateway.live;

import io.logcast.gateway.catchup.Replay;
import io.logcast.gateway.delivery.Client;
import io.logcast.gateway.delivery.FrameBuilder;
import io.logcast.gateway.delivery.Subscription;
import io.logcast.gateway.log.PartitionBatch;
import io.logcast.gateway.log.TopicInfo;
import io.logcast.gateway.metrics.GatewayMetrics;
import io.logcast.gateway.protocol.Frames;
import io.netty.buffer.PooledByteBufAllocator;
import io.vertx.core.Context;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executor;

/**
 * The part of the Hub that lives on one event loop: the {@link TopicIndex} of its subscriptions,
 * the {@link LiveDelivery} of each batch, and the {@link CatchUp} of partitions behind the live
 * stream. Everything here runs on {@link #context()}; the LogTail and Replay threads only hand work
 * to it, through its {@link Inbox} or {@code runOnContext}.
 */
public final class HubShard implements Client.Shard {
  private final Context context;
  private final TopicIndex index;
  private final LiveDelivery live;
  private final CatchUp catchUp;
  private final FrameBuilder frames;
  private final Inbox inbox;

  public HubShard(Context context, LogTail logTail, Replay replay, GatewayMetrics metrics, int maxFrameBytes,
      int writeDutyPercent, long maxInboxBytes, Runnable onOverflow, Executor afterIo) {
    this.context = context;
    this.frames = new FrameBuilder(PooledByteBufAllocator.DEFAULT, maxFrameBytes);
    this.index = new TopicIndex(logTail, metrics);
    this.live = new LiveDelivery(index, metrics, frames);
    this.catchUp = new CatchUp(context, replay, index, live, metrics);
    this.inbox = new Inbox(context, this, new FlushPacing(writeDutyPercent / 100.0), maxInboxBytes, onOverflow,
        afterIo);
  }

  /**
   * Keeps up to {@code budgetBytes} of recent live records for catch-ups, each of which may queue
   * at most {@code maxCatchUpBytes} on a client at once; see {@link RecentRecords}.
   */
  public void keepRecent(long budgetBytes, long maxCatchUpBytes) {
    live.keepRecent(budgetBytes);
    catchUp.maxMemoryBytes(maxCatchUpBytes);
  }

  /** A catch-up whose reads bring nothing for {@code ms} closes its client with 1013. */
  public void maxCatchUpStallMs(long ms) {
    catchUp.maxStallMs(ms);
  }

  public Context context() {
    return context;
  }

  /** The frame builder of this shard's loop: clients' transports coalesce with it. */
  public FrameBuilder frames() {
    return frames;
  }

  /** Runs {@code event} on this shard's loop after the ones posted before it; see {@link Inbox}. */
  void post(Runnable event) {
    inbox.post(event);
  }

  /** Delivers a batch of the live stream ({@code bytes} of records) after the events posted before it; see {@link Inbox}. */
  void post(List<PartitionBatch> batch, long bytes) {
    inbox.post(batch, bytes);
  }

  /** Record bytes waiting for this shard's loop. Thread-safe. */
  long inboxBytes() {
    return inbox.queuedBytes();
  }

  /** Subscribes {@code client} from {@code cursors}; its partitions go live or catch up from there. */
  public Subscription register(Client client, TopicInfo info, String key, long[] cursors) {
    Subscription sub = index.register(client, info, key, cursors);
    TopicState ts = index.get(info.name());
    if (ts.livePos != null && ts.livePos.length > sub.partitions()) {
      sub.grow(ts.livePos.length); // described before the topic grew: the shard knows better
    }
    for (int p = 0; p < sub.partitions(); p++) {
      catchUp.settle(ts, sub, p);
    }
    return sub;
  }

  public void unregister(Subscription sub) {
    index.unregister(sub);
  }

  /** Per partition of {@code topic}, where this shard's records in memory start (-1: none), or null. */
  public long[] memoryFloors(String topic) {
    return index.memoryFloors(topic);
  }

  /** The live positions of {@code topic} on this shard, or null if it is not live here. */
  public long[] livePositions(String topic) {
    return index.livePositions(topic);
  }

  /** Records between the subscription's lagging cursors and the live positions. */
  public long recordsBehind(Subscription sub) {
    return index.recordsBehind(sub);
  }

  /** Per topic: {subscriptions, whole-topic subscriptions, 1 if live}; read on this shard's loop. */
  public Map<String, int[]> topicStats() {
    return index.stats();
  }

  void onLive(String topic, long[] positions) {
    TopicState before = index.get(topic);
    if (before != null && before.livePos != null) {
      // the live position jumps ahead (an inbox overflow): what live partitions passed stays
      // passed, whatever their key. Not when it moves back (a log truncated under the live
      // tail): records from there on are new, and a cursor moved up would filter them out.
      before.forEach(sub -> {
        for (int p = 0; p < sub.partitions() && p < positions.length && p < before.livePos.length; p++) {
          if (sub.state(p) == Subscription.State.LIVE && positions[p] > before.livePos[p]) {
            TopicIndex.passLive(before, sub, p);
          }
        }
      });
    }
    TopicState ts = index.live(topic, positions);
    ts.forEach(sub -> {
      for (int p = 0; p < sub.partitions(); p++) {
        Subscription.State s = sub.state(p);
        if (s == Subscription.State.PENDING || (s == Subscription.State.LIVE && sub.cursor(p) < ts.livePos[p])) {
          catchUp.settle(ts, sub, p);
        }
      }
    });
  }

  /**
   * The inbox did not queue a run of batches (it was full): the stream continues at {@code upTo}
   * (per partition; -1 or missing: nothing skipped), and live partitions behind it catch up.
   */
  void onSkipped(String topic, long[] upTo) {
    TopicState ts = index.get(topic);
    if (ts == null || ts.livePos == null) {
      return;
    }
    long[] positions = LivePositions.unknown(ts.livePos.length);
    for (int p = 0; p < Math.min(upTo.length, positions.length); p++) {
      if (upTo[p] > ts.livePos[p]) {
        positions[p] = upTo[p];
      }
    }
    onLive(topic, positions);
  }

  /**
   * The topic was re-created: every subscription restarts at the new log's start, with its new
   * epoch, and its client is told first (a {@code subscribed} without id, recovered false, reason
   * "epoch"); nothing of the new topic is skipped.
   */
  void onRecreated(String topic, String epoch, long[] start) {
    TopicState ts = index.get(topic);
    if (ts == null) {
      return;
    }
    Map<Integer, Long> offsets = new java.util.TreeMap<>();
    for (int p = 0; p < start.length; p++) {
      offsets.put(p, start[p]);
    }
    ts.forEach(sub -> {
      sub.restart(epoch, start);
      sub.client().enqueue(Frames.subscribed(null, topic, sub.key(), epoch, false, "epoch", offsets)
          .toBuffer().getBytes());
    });
    ts.livePos = null; // the old log's positions: nothing of them is passed on
    ts.dropWindows();
    onLive(topic, start);
  }

  void onDropped(String topic) {
    index.dropped(topic);
  }

  /** Queues a batch's records on the clients that want them; {@link #writeOut} sends them. */
  void deliver(List<PartitionBatch> batch) {
    live.deliver(batch);
  }

  /** A write cycle: every dirty client writes once, then the shared buffers go; true if it was a fan-out. */
  boolean writeOut() {
    return live.writeOut();
  }

  @Override
  public void dirty(Client client) {
    live.markDirty(client);
  }

  @Override
  public void congested(Client client) {
    catchUp.congested(client);
  }

  @Override
  public void drained(Client client) {
    catchUp.drained(client);
  }
}
