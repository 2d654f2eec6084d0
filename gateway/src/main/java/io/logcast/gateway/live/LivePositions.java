package io.logcast.gateway.live;

import io.logcast.gateway.log.PartitionBatch;
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

  /** A topic to follow from its log end; it is announced once its positions are known. */
  List<TopicPartition> add(String topic, int partitions) {
    next.put(topic, unknown(partitions));
    unannounced.add(topic);
    return LiveReader.partitions(topic, partitions);
  }

  /** Stops following {@code topic}; its partitions, or null if it was not followed. */
  List<TopicPartition> remove(String topic) {
    unannounced.remove(topic);
    long[] gone = next.remove(topic);
    return gone == null ? null : LiveReader.partitions(topic, gone.length);
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
