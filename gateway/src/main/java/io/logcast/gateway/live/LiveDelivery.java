package io.logcast.gateway.live;

import io.logcast.gateway.delivery.Client;
import io.logcast.gateway.delivery.FrameBuilder;
import io.logcast.gateway.delivery.Segment;
import io.logcast.gateway.delivery.Subscription;
import io.logcast.gateway.log.EncodedRecord;
import io.logcast.gateway.log.PartitionBatch;
import io.logcast.gateway.metrics.GatewayMetrics;
import java.util.ArrayList;
import java.util.List;

/**
 * The live stream on one shard: each batch's records are queued on the clients whose subscriptions
 * are live for them, then one write cycle sends every client's queue as one socket write. A batch a
 * whole-topic subscription takes entirely goes out as one shared {@link Segment}, encoded once.
 */
final class LiveDelivery {
  /** Below this many clients a cycle is too cheap for a wait to save anything. */
  static final int MIN_FAN_OUT_CLIENTS = 2;
  private final TopicIndex index;
  private final GatewayMetrics metrics;
  private final FrameBuilder frames;
  private final DeliveryClock clock = new DeliveryClock();
  private final ArrayList<Client> dirty = new ArrayList<>();
  /** Segments of the current task, released once its writes are issued. */
  private final ArrayList<Segment> segments = new ArrayList<>();
  private RecentRecords recent = new RecentRecords(0);
  /** Write cycles so far (wrapping is harmless: only "the one before" is compared). */
  private int cycle;

  LiveDelivery(TopicIndex index, GatewayMetrics metrics, FrameBuilder frames) {
    this.index = index;
    this.metrics = metrics;
    this.frames = frames;
  }

  /** Keeps up to {@code budgetBytes} of recent live batches for catch-ups from memory. */
  void keepRecent(long budgetBytes) {
    recent = new RecentRecords(budgetBytes);
  }

  /** Queues a batch's records on the clients that want them; {@link #writeOut} sends them. */
  void deliver(List<PartitionBatch> batch) {
    long queuedAtMs = System.currentTimeMillis();
    for (PartitionBatch pb : batch) {
      TopicState ts = index.get(pb.topic());
      if (ts == null || ts.livePos == null || pb.partition() >= ts.livePos.length) {
        continue;
      }
      int p = pb.partition();
      List<EncodedRecord> records = pb.records();
      long delivered = deliverWhole(ts.all, p, pb, ts.livePos[p]);
      boolean shared = delivered > 0;
      boolean byKey = !ts.byKey.isEmpty();
      for (int i = 0, size = records.size(); i < size; i++) {
        EncodedRecord r = records.get(i);
        int n = 0;
        if (byKey && r.key() != null) {
          List<Subscription> subs = ts.byKey.get(r.key());
          if (subs != null) {
            n = deliver(subs, p, r);
            delivered += n;
          }
        }
        if (shared || n > 0) {
          clock.delivered(r.timestamp(), pb.polledAtMs(), queuedAtMs);
        }
      }
      if (delivered > 0) {
        ts.delivered.increment(delivered);
      }
      ts.livePos[p] = Math.max(ts.livePos[p], pb.nextOffset());
      if (ts.windows != null) {
        recent.keep(ts.windows[p], pb);
      }
    }
  }

  /**
   * Whole-topic subscriptions: one that has not seen any of the batch takes all of it as the
   * shared {@link Segment}, built at most once; one whose cursor is inside the batch (it just
   * went live) takes the rest record by record. Returns the deliveries.
   */
  private long deliverWhole(List<Subscription> subs, int p, PartitionBatch pb, long livePos) {
    List<EncodedRecord> records = pb.records();
    if (records.isEmpty()) {
      return 0;
    }
    long first = records.get(0).offset();
    Segment segment = null;
    long delivered = 0;
    for (int i = 0, size = subs.size(); i < size; i++) {
      Subscription sub = subs.get(i);
      if (sub.state(p) != Subscription.State.LIVE || sub.cursor(p) >= pb.nextOffset()) {
        continue;
      }
      boolean overlaps = sub.client().overlaps(sub.topic());
      if (sub.cursor(p) <= first && !overlaps) {
        if (segment == null) {
          segment = new Segment(records, frames);
          segments.add(segment);
        }
        sub.acceptAll(p, segment, pb.nextOffset());
        delivered += records.size();
      } else {
        if (overlaps) {
          sub.client().levelOverlaps(sub.topic(), p, livePos);
        }
        delivered += deliver(sub, p, records);
      }
    }
    return delivered;
  }

  private static int deliver(Subscription sub, int p, List<EncodedRecord> records) {
    int n = 0;
    for (int j = 0, size = records.size(); j < size; j++) {
      n += sub.accept(p, records.get(j)) ? 1 : 0;
    }
    return n;
  }

  private static int deliver(List<Subscription> subs, int p, EncodedRecord r) {
    int n = 0;
    for (int i = 0, size = subs.size(); i < size; i++) {
      Subscription sub = subs.get(i);
      if (sub.state(p) == Subscription.State.LIVE && sub.accept(p, r)) {
        n++;
      }
    }
    return n;
  }

  void markDirty(Client client) {
    dirty.add(client);
  }

  /**
   * Every client with something queued writes it: a catch-up's chunk, between write cycles. Not a
   * cycle of the pacing's: counting it would make the fan-out's clients look new at the next one.
   */
  void flushDirty() {
    for (int i = 0, n = dirty.size(); i < n; i++) {
      dirty.get(i).flush();
    }
    dirty.clear();
  }

  /**
   * A write cycle: every dirty client writes once, then the shared buffers go. Returns whether
   * waiting would have filled its frames: at least half of the clients written (and at least
   * {@link #MIN_FAN_OUT_CLIENTS}) also wrote in the cycle before, so records keep coming for them.
   */
  boolean writeOut() {
    int written = dirty.size();
    int again = 0;
    cycle++;
    for (int i = 0; i < written; i++) {
      again += dirty.get(i).writesAgainIn(cycle) ? 1 : 0;
    }
    flushDirty();
    boolean fanOut = written >= MIN_FAN_OUT_CLIENTS && again * 2L >= written;
    clock.written(metrics);
    for (int i = 0, n = segments.size(); i < n; i++) {
      segments.get(i).release();
    }
    segments.clear();
    return fanOut;
  }
}
