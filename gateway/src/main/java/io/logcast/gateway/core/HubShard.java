package io.logcast.gateway.core;

import io.logcast.gateway.protocol.Frames;
import io.logcast.session.AckedPositions;
import io.logcast.session.SessionStore;
import io.netty.buffer.PooledByteBufAllocator;
import io.vertx.core.Context;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The part of the Hub that lives on one event loop: its clients, and an index topic → key →
 * subscriptions. Everything here runs on {@link #context()}; the LogTail and Replay threads only
 * hand work to it with {@code runOnContext}.
 */
public final class HubShard {
  private static final long RETRY_SUBMIT_MS = 500;

  private final Context context;
  private final LogTail logTail;
  private final Replay replay;
  private final Map<String, TopicState> topics = new HashMap<>();
  private final Set<Client> clients = new LinkedHashSet<>();
  private final ArrayList<Client> dirty = new ArrayList<>();
  private final GatewayMetrics metrics;
  private final DeliveryClock clock = new DeliveryClock();
  private final FrameBuilder frames;
  /** Segments of the current task, released once its writes are issued. */
  private final ArrayList<Segment> segments = new ArrayList<>();
  private final Inbox inbox;
  private RecentRecords recent = new RecentRecords(0);
  /** The most a catch-up from memory may queue on one client at once: its outbound buffer. */
  private long maxMemoryCatchUpBytes;

  HubShard(Context context, LogTail logTail, Replay replay, GatewayMetrics metrics, int maxFrameBytes,
      int writeDutyPercent) {
    this.context = context;
    this.logTail = logTail;
    this.replay = replay;
    this.metrics = metrics;
    this.frames = new FrameBuilder(PooledByteBufAllocator.DEFAULT, maxFrameBytes);
    this.inbox = new Inbox(context, this, new FlushPacing(writeDutyPercent / 100.0));
  }

  /** Keeps up to {@code budgetBytes} of recent live records for catch-ups; see {@link RecentRecords}. */
  void keepRecent(long budgetBytes, long maxCatchUpBytes) {
    this.recent = new RecentRecords(budgetBytes);
    this.maxMemoryCatchUpBytes = maxCatchUpBytes;
  }

  /** Runs {@code event} on this shard's loop after the ones posted before it; see {@link Inbox}. */
  void post(Runnable event) {
    inbox.post(event);
  }

  /** Delivers a batch of the live stream after the events posted before it; see {@link Inbox}. */
  void post(List<PartitionBatch> batch) {
    inbox.post(batch);
  }

  FrameBuilder frames() {
    return frames;
  }

  GatewayMetrics metrics() {
    return metrics;
  }

  public Context context() {
    return context;
  }

  Set<Client> clients() {
    return clients;
  }

  /** Every client's pending acks in one session-store batch (one operation per store partition). */
  void flushAcks(SessionStore sessions) {
    List<AckedPositions> batch = new ArrayList<>();
    clients.forEach(c -> c.subscriptions().drainAcks(batch));
    if (!batch.isEmpty()) {
      sessions.mergeAckedAll(batch);
    }
  }

  /** Read-only use on this shard's loop (admin stats). */
  Map<String, TopicState> topics() {
    return topics;
  }

  /**
   * Per partition of {@code topic}, the offset from which this shard holds every record in memory
   * up to its live position (-1: none), or null if the topic is not live here.
   */
  long[] memoryFloors(String topic) {
    TopicState ts = topics.get(topic);
    if (ts == null || ts.livePos == null || ts.windows == null) {
      return null;
    }
    long[] floors = new long[ts.windows.length];
    for (int p = 0; p < floors.length; p++) {
      floors[p] = RecentRecords.floor(ts.windows[p]);
    }
    return floors;
  }

  /** The live positions of {@code topic} on this shard, or null if it is not live here. */
  long[] livePositions(String topic) {
    TopicState ts = topics.get(topic);
    return ts == null || ts.livePos == null ? null : ts.livePos.clone();
  }

  Subscription register(Client client, TopicInfo info, String key, long[] cursors) {
    Subscription sub = new Subscription(client, info.name(), key, info.epoch(), cursors);
    TopicState ts = state(info.name());
    ts.add(sub);
    metrics.subscriptions.incrementAndGet();
    if (ts.subscriptions == 1) {
      logTail.want(info.name(), info.partitions());
    }
    for (int p = 0; p < cursors.length; p++) {
      settle(ts, sub, p);
    }
    return sub;
  }

  void unregister(Subscription sub) {
    if (sub.closed) {
      return;
    }
    sub.closed = true;
    metrics.subscriptions.decrementAndGet();
    for (ReplayJob job : sub.jobs) {
      if (job != null) {
        job.cancel();
      }
    }
    TopicState ts = topics.get(sub.topic);
    if (ts == null) {
      return;
    }
    ts.remove(sub);
    if (ts.subscriptions == 0) {
      logTail.release(sub.topic);
    }
  }

  private TopicState state(String topic) {
    return topics.computeIfAbsent(topic, t -> new TopicState(t, metrics.delivered(t)));
  }

  /** Puts a partition that is not being caught up in the right state for where the live stream is. */
  private void settle(TopicState ts, Subscription sub, int p) {
    if (ts.livePos == null || p >= ts.livePos.length) {
      sub.state[p] = Subscription.PENDING;
    } else if (sub.cursor[p] >= ts.livePos[p]) {
      sub.state[p] = Subscription.LIVE;
      sub.client.maybeCaughtUp();
    } else if (sub.client.congested()) {
      sub.state[p] = Subscription.PAUSED;
    } else if (fromMemory(ts, sub, p)) {
      sub.client.flush();
    } else {
      catchUp(sub, p);
    }
  }

  /** Catches a partition up from the recent records, if they cover its cursor; it is then live. */
  private boolean fromMemory(TopicState ts, Subscription sub, int p) {
    if (ts.windows == null || p >= ts.windows.length) {
      return false;
    }
    long n = RecentRecords.serve(ts.windows[p], sub, p, maxMemoryCatchUpBytes);
    if (n < 0) {
      return false;
    }
    sub.cursor[p] = Math.max(sub.cursor[p], ts.livePos[p]);
    sub.state[p] = Subscription.LIVE;
    if (sub.jobs[p] != null) {
      sub.jobs[p].cancel();
      sub.jobs[p] = null;
    }
    if (n > 0) {
      ts.delivered.increment(n);
    }
    metrics.memoryCatchUps.increment();
    sub.client.maybeCaughtUp();
    return true;
  }

  private void catchUp(Subscription sub, int p) {
    sub.state[p] = Subscription.CATCHUP;
    ReplayJob job = sub.jobs[p];
    if (job == null) {
      job = new ReplayJob(sub.topic, p, sub.key, sub.cursor[p], context, sub);
      sub.jobs[p] = job;
    }
    job.from(sub.cursor[p]);
    submit(sub, job);
  }

  private void submit(Subscription sub, ReplayJob job) {
    if (!replay.submit(job)) {
      context.owner().setTimer(RETRY_SUBMIT_MS, t -> {
        if (!sub.closed && sub.jobs[job.partition()] == job) {
          submit(sub, job);
        }
      });
    }
  }

  void onLive(String topic, long[] positions) {
    TopicState ts = state(topic);
    if (ts.livePos == null || ts.livePos.length != positions.length) {
      dropWindows(ts);
      ts.livePos = positions.clone();
      ts.windows = RecentRecords.windows(positions);
    } else {
      for (int p = 0; p < positions.length; p++) {
        if (positions[p] >= 0) {
          if (positions[p] != ts.livePos[p]) { // the stream restarts elsewhere: what is kept is not contiguous
            RecentRecords.drop(ts.windows[p]);
            ts.windows[p] = RecentRecords.window(positions[p]);
          }
          ts.livePos[p] = positions[p];
        }
      }
    }
    ts.forEach(sub -> {
      for (int p = 0; p < sub.cursor.length; p++) {
        byte s = sub.state[p];
        if (s == Subscription.PENDING || (s == Subscription.LIVE && sub.cursor[p] < ts.livePos[p])) {
          settle(ts, sub, p);
        }
      }
    });
  }

  void onDropped(String topic) {
    TopicState ts = topics.get(topic);
    if (ts == null) {
      return;
    }
    if (ts.subscriptions == 0) {
      topics.remove(topic);
      return;
    }
    ts.livePos = null;
    dropWindows(ts);
    ts.forEach(sub -> {
      for (int p = 0; p < sub.state.length; p++) {
        if (sub.state[p] == Subscription.LIVE) {
          sub.state[p] = Subscription.PENDING;
        }
      }
    });
  }

  private static void dropWindows(TopicState ts) {
    if (ts.windows != null) {
      for (RecentRecords.Window w : ts.windows) {
        RecentRecords.drop(w);
      }
      ts.windows = null;
    }
  }

  /** Delivers one batch and writes it out: for callers outside the {@link Inbox}. */
  void onBatch(List<PartitionBatch> batch) {
    deliver(batch);
    writeOut();
  }

  /** A write cycle: every dirty client writes once, then the shared buffers go. */
  void writeOut() {
    flushDirty();
    clock.written(metrics);
    for (int i = 0, n = segments.size(); i < n; i++) {
      segments.get(i).release();
    }
    segments.clear();
  }

  /** Queues a batch's records on the clients that want them; {@link #writeOut} sends them. */
  void deliver(List<PartitionBatch> batch) {
    for (PartitionBatch pb : batch) {
      TopicState ts = topics.get(pb.topic());
      if (ts == null || ts.livePos == null || pb.partition() >= ts.livePos.length) {
        continue;
      }
      int p = pb.partition();
      List<EncodedRecord> records = pb.records();
      long delivered = deliverWhole(ts.all, p, pb);
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
          clock.delivered(r.timestamp(), pb.polledAtMs());
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
  private long deliverWhole(List<Subscription> subs, int p, PartitionBatch pb) {
    List<EncodedRecord> records = pb.records();
    if (records.isEmpty()) {
      return 0;
    }
    long first = records.get(0).offset();
    Segment segment = null;
    long delivered = 0;
    for (int i = 0, size = subs.size(); i < size; i++) {
      Subscription sub = subs.get(i);
      if (sub.state[p] != Subscription.LIVE || sub.cursor[p] >= pb.nextOffset()) {
        continue;
      }
      if (sub.cursor[p] <= first) {
        if (segment == null) {
          segment = new Segment(records, frames);
          segments.add(segment);
        }
        sub.cursor[p] = pb.nextOffset();
        sub.client.enqueue(segment);
        delivered += records.size();
      } else {
        for (int j = 0, n = records.size(); j < n; j++) {
          delivered += deliver(sub, p, records.get(j));
        }
      }
    }
    return delivered;
  }

  private int deliver(List<Subscription> subs, int p, EncodedRecord r) {
    int n = 0;
    for (int i = 0, size = subs.size(); i < size; i++) {
      n += deliver(subs.get(i), p, r);
    }
    return n;
  }

  private static int deliver(Subscription sub, int p, EncodedRecord r) {
    if (sub.state[p] == Subscription.LIVE && r.offset() >= sub.cursor[p]) {
      sub.cursor[p] = r.offset() + 1;
      sub.client.enqueue(r.frame());
      return 1;
    }
    return 0;
  }

  void onReplayChunk(Subscription sub, ReplayJob job, ReplayChunk chunk) {
    int p = job.partition();
    if (sub.closed || job.cancelled || sub.jobs[p] != job) {
      return;
    }
    Client client = sub.client;
    if (chunk.hasGap() && chunk.gapTo() > sub.cursor[p]) {
      client.enqueue(Frames.gap(sub.topic, sub.key, p, Math.max(chunk.gapFrom(), sub.cursor[p]), chunk.gapTo(),
          "retention").toBuffer().getBytes());
      sub.cursor[p] = chunk.gapTo();
    }
    long delivered = 0;
    for (EncodedRecord r : chunk.records()) {
      if (r.offset() >= sub.cursor[p]) {
        sub.cursor[p] = r.offset() + 1;
        client.enqueue(r.frame());
        delivered++;
      }
    }
    sub.cursor[p] = Math.max(sub.cursor[p], chunk.nextOffset());
    flushDirty();
    TopicState ts = topics.get(sub.topic);
    if (delivered > 0) {
      (ts != null ? ts.delivered : metrics.delivered(sub.topic)).increment(delivered);
    }
    if (ts == null || ts.livePos == null) {
      sub.state[p] = Subscription.PENDING;
    } else if (sub.cursor[p] >= ts.livePos[p]) {
      sub.state[p] = Subscription.LIVE;
      sub.jobs[p] = null;
      client.maybeCaughtUp();
    } else if (client.congested()) {
      sub.state[p] = Subscription.PAUSED;
    } else if (fromMemory(ts, sub, p)) {
      client.flush();
    } else {
      job.from(sub.cursor[p]);
      submit(sub, job);
    }
  }

  void onReplayFailure(Subscription sub, ReplayJob job) {
    if (!sub.closed && sub.jobs[job.partition()] == job) {
      context.owner().setTimer(RETRY_SUBMIT_MS, t -> {
        if (!sub.closed && sub.jobs[job.partition()] == job) {
          submit(sub, job);
        }
      });
    }
  }

  /** The client's socket is full: stop feeding it live; its partitions catch up from the log later. */
  void congested(Client client) {
    metrics.demoted.increment();
    client.markBehind(System.currentTimeMillis());
    client.forEachSubscription(sub -> {
      for (int p = 0; p < sub.state.length; p++) {
        if (sub.state[p] == Subscription.LIVE) {
          sub.state[p] = Subscription.PAUSED;
        }
      }
    });
  }

  void drained(Client client) {
    client.forEachSubscription(sub -> {
      TopicState ts = topics.get(sub.topic);
      for (int p = 0; p < sub.state.length; p++) {
        if (sub.state[p] == Subscription.PAUSED && ts != null) {
          settle(ts, sub, p);
        }
      }
    });
  }

  void markDirty(Client client) {
    dirty.add(client);
  }

  private void flushDirty() {
    for (int i = 0, n = dirty.size(); i < n; i++) {
      dirty.get(i).flush();
    }
    dirty.clear();
  }

  void add(Client client) {
    clients.add(client);
  }

  void remove(Client client) {
    clients.remove(client);
  }
}
