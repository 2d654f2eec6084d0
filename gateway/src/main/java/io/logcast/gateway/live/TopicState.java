package io.logcast.gateway.live;

import io.logcast.gateway.delivery.Subscription;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** A shard's view of one topic: where its live stream is, and who wants which records of it. */
final class TopicState {
  final String topic;
  /** Per partition, the next offset the live stream will bring to this shard; null while not live. */
  long[] livePos;
  /** Per partition, the recent live batches this shard keeps; null while not live. */
  RecentRecords.Window[] windows;
  final List<Subscription> all = new ArrayList<>();
  final Map<String, List<Subscription>> byKey = new HashMap<>();
  int subscriptions;
  /** Resolved when the topic first appears on the shard: delivery counts it without a lookup. */
  final io.micrometer.core.instrument.Counter delivered;

  TopicState(String topic, io.micrometer.core.instrument.Counter delivered) {
    this.topic = topic;
    this.delivered = delivered;
  }

  void add(Subscription s) {
    if (s.key() == null) {
      all.add(s);
    } else {
      byKey.computeIfAbsent(s.key(), k -> new ArrayList<>(2)).add(s);
    }
    subscriptions++;
  }

  void remove(Subscription s) {
    if (s.key() == null) {
      all.remove(s);
    } else {
      List<Subscription> list = byKey.get(s.key());
      if (list != null && list.remove(s) && list.isEmpty()) {
        byKey.remove(s.key());
      }
    }
    subscriptions--;
  }

  void dropWindows() {
    if (windows != null) {
      for (RecentRecords.Window w : windows) {
        RecentRecords.drop(w);
      }
      windows = null;
    }
  }

  void forEach(java.util.function.Consumer<Subscription> action) {
    all.forEach(action);
    byKey.values().forEach(list -> list.forEach(action));
  }
}
