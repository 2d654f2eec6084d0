package io.logcast.gateway.live;

import io.logcast.gateway.delivery.Client;
import io.logcast.gateway.delivery.Subscription;
import io.logcast.gateway.log.TopicInfo;
import io.logcast.gateway.metrics.GatewayMetrics;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * A shard's index topic → key → subscriptions, and where each topic's live stream is. Registering
 * the first subscription of a topic asks the {@link LogTail} for it; the last one gone releases it.
 */
final class TopicIndex {
  private final Map<String, TopicState> topics = new HashMap<>();
  private final LogTail logTail;
  private final GatewayMetrics metrics;

  TopicIndex(LogTail logTail, GatewayMetrics metrics) {
    this.logTail = logTail;
    this.metrics = metrics;
  }

  Subscription register(Client client, TopicInfo info, String key, long[] cursors) {
    Subscription sub = new Subscription(client, info.name(), key, info.epoch(), cursors);
    TopicState ts = state(info.name());
    ts.add(sub);
    metrics.subscriptions().incrementAndGet();
    if (ts.subscriptions == 1) {
      logTail.want(info);
    } else if (ts.livePos != null && info.partitions() > ts.livePos.length) {
      logTail.grow(info); // this subscriber saw the topic grow first
    }
    return sub;
  }

  void unregister(Subscription sub) {
    if (!sub.close()) {
      return;
    }
    metrics.subscriptions().decrementAndGet();
    TopicState ts = topics.get(sub.topic());
    if (ts == null) {
      return;
    }
    ts.remove(sub);
    if (ts.subscriptions == 0) {
      logTail.release(sub.topic());
    }
  }

  /** The topic's state, or null if no subscription of this shard ever named it. */
  TopicState get(String topic) {
    return topics.get(topic);
  }

  TopicState state(String topic) {
    return topics.computeIfAbsent(topic, t -> new TopicState(t, metrics.delivered(t)));
  }

  /** The live stream of {@code topic} (re)starts at {@code positions}; returns its state. */
  TopicState live(String topic, long[] positions) {
    TopicState ts = state(topic);
    if (ts.livePos != null && positions.length > ts.livePos.length) {
      grow(ts, positions.length);
    }
    if (ts.livePos == null || ts.livePos.length != positions.length) {
      ts.dropWindows();
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
    return ts;
  }

  /** The topic grew: its new partitions wait (-1) for their positions, which come with the same announcement. */
  private static void grow(TopicState ts, int partitions) {
    int before = ts.livePos.length;
    ts.livePos = java.util.Arrays.copyOf(ts.livePos, partitions);
    java.util.Arrays.fill(ts.livePos, before, partitions, -1);
    if (ts.windows != null) {
      ts.windows = java.util.Arrays.copyOf(ts.windows, partitions);
      for (int p = before; p < partitions; p++) {
        ts.windows[p] = RecentRecords.window(-1);
      }
    }
    ts.forEach(sub -> sub.grow(partitions));
  }

  /** The live stream of {@code topic} stopped: its live partitions wait for it again. */
  void dropped(String topic) {
    TopicState ts = topics.get(topic);
    if (ts == null) {
      return;
    }
    if (ts.subscriptions == 0) {
      topics.remove(topic);
      return;
    }
    ts.forEach(sub -> {
      for (int p = 0; p < sub.partitions(); p++) {
        if (sub.state(p) == Subscription.State.LIVE) {
          passLive(ts, sub, p);
          sub.state(p, Subscription.State.PENDING);
        }
      }
    });
    ts.livePos = null;
    ts.dropWindows();
  }

  /**
   * A live partition leaves the live stream: its cursor moves to the live position. A keyed
   * cursor moves only on its key's records while live (no per-record work for the others), so
   * without this a pause would re-scan, count as lag, and report as a gap every record since the
   * key's last one.
   */
  static void passLive(TopicState ts, Subscription sub, int p) {
    if (ts != null && ts.livePos != null && p < ts.livePos.length) {
      sub.advance(p, ts.livePos[p]);
    }
  }

  /** Per partition, the offset from which every record up to the live position is in memory (-1: none). */
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

  long[] livePositions(String topic) {
    TopicState ts = topics.get(topic);
    return ts == null || ts.livePos == null ? null : ts.livePos.clone();
  }

  /**
   * Records between each lagging partition's cursor and the live position. A key subscription counts
   * every record of its partitions, not just its key's: the log has to be read past them all.
   */
  long recordsBehind(Subscription sub) {
    TopicState ts = topics.get(sub.topic());
    long[] live = ts == null ? null : ts.livePos;
    if (live == null) {
      return 0;
    }
    long total = 0;
    for (int p = 0; p < sub.partitions() && p < live.length; p++) {
      Subscription.State s = sub.state(p);
      if ((s == Subscription.State.CATCHING_UP || s == Subscription.State.PAUSED) && live[p] > sub.cursor(p)) {
        total += live[p] - sub.cursor(p);
      }
    }
    return total;
  }

  /** Per topic: {subscriptions, whole-topic subscriptions, 1 if live}. */
  Map<String, int[]> stats() {
    Map<String, int[]> out = new TreeMap<>();
    topics.forEach((name, ts) -> out.put(name, new int[] {ts.subscriptions, ts.all.size(), ts.livePos == null ? 0 : 1}));
    return out;
  }
}
