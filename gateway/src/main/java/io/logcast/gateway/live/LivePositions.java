package io.logcast.gateway.live;

import io.logcast.gateway.log.PartitionBatch;
import io.logcast.gateway.log.TopicInfo;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.common.TopicPartition;

/**
 * Where the live stream of each wanted topic is: per partition, the next offset handed to the
 * shards (-1 until the topic's start is announced). It outlives a replaced consumer, which starts
 * exactly here. Used by the {@link LogTail} thread only.
 */
final class LivePositions {
  private final Map<String, long[]> next = new HashMap<>();
  private final Set<String> unannounced = new LinkedHashSet<>();
  /** Shards that want each topic: it is followed while any does. */
  private final Map<String, Integer> wanted = new HashMap<>();
  /** Topic → what is followed of it (epoch, partitions), for readers on other threads. */
  private final Map<String, TopicInfo> followed = new java.util.concurrent.ConcurrentHashMap<>();

  /** One more shard wants the topic: the partitions to start following, or null if already followed. */
  List<TopicPartition> want(TopicInfo topic) {
    if (wanted.merge(topic.name(), 1, Integer::sum) > 1) {
      return null;
    }
    followed.put(topic.name(), topic);
    return add(topic.name(), topic.partitions());
  }

  /**
   * The topic was deleted and created again: its old partitions (returned, to stop reading) are
   * replaced by the new topic's, to read from their start. Null if the topic is not followed.
   */
  List<TopicPartition> recreate(TopicInfo topic) {
    long[] old = next.get(topic.name());
    if (old == null) {
      return null;
    }
    unannounced.remove(topic.name());
    next.put(topic.name(), unknown(topic.partitions()));
    followed.put(topic.name(), topic);
    return LiveReader.partitions(topic.name(), old.length);
  }

  /** One shard less wants {@code topic}: the partitions to stop following, or null while others want it. */
  List<TopicPartition> release(String topic) {
    if (wanted.merge(topic, -1, Integer::sum) > 0) {
      return null;
    }
    wanted.remove(topic);
    followed.remove(topic);
    return remove(topic);
  }

  /** The topics followed now. Thread-safe. */
  Map<String, TopicInfo> followed() {
    return Map.copyOf(followed);
  }

  /** A topic to follow from its log end; it is announced once its positions are known. */
  private List<TopicPartition> add(String topic, int partitions) {
    next.put(topic, unknown(partitions));
    unannounced.add(topic);
    return LiveReader.partitions(topic, partitions);
  }

  /** Stops following {@code topic}; its partitions, or null if it was not followed. */
  private List<TopicPartition> remove(String topic) {
    unannounced.remove(topic);
    long[] gone = next.remove(topic);
    return gone == null ? null : LiveReader.partitions(topic, gone.length);
  }

  /**
   * The topic has more partitions now: the new ones (returned) are followed from their log start,
   * as nothing of them was read yet. Null if the topic is not followed or did not grow.
   */
  List<TopicPartition> grow(String topic, int partitions) {
    long[] known = next.get(topic);
    if (known == null || partitions <= known.length) {
      return null;
    }
    long[] grown = Arrays.copyOf(known, partitions);
    Arrays.fill(grown, known.length, partitions, -1);
    next.put(topic, grown);
    followed.computeIfPresent(topic, (t, info) -> new TopicInfo(t, info.epoch(), partitions));
    List<TopicPartition> fresh = new ArrayList<>();
    for (int p = known.length; p < partitions; p++) {
      fresh.add(new TopicPartition(topic, p));
    }
    return fresh;
  }

  /** Topics whose start is still to be announced; the iterator's remove marks one announced. */
  Iterator<String> unannounced() {
    return unannounced.iterator();
  }

  long[] of(String topic) {
    return next.get(topic);
  }

  /** A batch went to the shards: its partition continues after it. */
  void advance(List<PartitionBatch> batch) {
    for (PartitionBatch pb : batch) {
      next.get(pb.topic())[pb.partition()] = pb.nextOffset();
    }
  }

  /**
   * These partitions continue elsewhere now (a restart at the log start, new partitions): their
   * positions from {@code position}, returned per topic as the shards' announcement (-1: unchanged).
   */
  Map<String, long[]> moved(java.util.Collection<TopicPartition> tps, java.util.function.ToLongFunction<TopicPartition> position) {
    Map<String, long[]> byTopic = new HashMap<>();
    for (TopicPartition tp : tps) {
      long[] known = next.get(tp.topic());
      if (known != null) {
        long[] changed = byTopic.computeIfAbsent(tp.topic(), t -> unknown(known.length));
        changed[tp.partition()] = known[tp.partition()] = position.applyAsLong(tp);
      }
    }
    return byTopic;
  }

  /** Every followed partition. */
  List<TopicPartition> all() {
    List<TopicPartition> all = new ArrayList<>();
    next.forEach((topic, offsets) -> all.addAll(LiveReader.partitions(topic, offsets.length)));
    return all;
  }

  /** Where a new consumer continues: every partition of an announced topic. */
  Map<TopicPartition, Long> resumeAt() {
    Map<TopicPartition, Long> at = new HashMap<>();
    next.forEach((topic, offsets) -> {
      for (int p = 0; p < offsets.length; p++) {
        if (offsets[p] >= 0 && !unannounced.contains(topic)) {
          at.put(new TopicPartition(topic, p), offsets[p]);
        }
      }
    });
    return at;
  }

  /** -1 marks partitions whose position is not known (or did not change). */
  static long[] unknown(int n) {
    long[] a = new long[n];
    Arrays.fill(a, -1);
    return a;
  }
}
