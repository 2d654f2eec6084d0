package io.logcast.gateway.catchup;

import io.logcast.gateway.log.EncodedRecord;
import io.logcast.gateway.protocol.RecordEncoder;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.OffsetOutOfRangeException;
import org.apache.kafka.common.TopicPartition;

/**
 * One read of a partition for every catch-up job queued on it: a reconnect storm brings thousands
 * of subscriptions behind the live stream at nearly the same offsets, and reading the log once per
 * job made them wait their turn for over a minute. The read starts at the lowest offset of the
 * group; a job whose offset lies within what was read takes its part (its key's records; its
 * cursor skips what it has), the others go back to the queue.
 */
final class SharedRead {
  private final TopicPartition tp;
  private final long from;
  /** The most patient job's wait for records. */
  private final long pollMs;
  /** Null when some job wants the whole topic: every record is encoded. */
  private final Set<String> keys;
  private ReplayChunk read;
  /** Each key's part of the read, made on the first keyed job's request. */
  private Map<String, ReplayChunk> byKey;

  SharedRead(List<ReplayJob> jobs) {
    ReplayJob first = jobs.get(0);
    this.tp = new TopicPartition(first.topic, first.partition);
    long min = Long.MAX_VALUE;
    long patience = 0;
    Set<String> wanted = new HashSet<>();
    for (ReplayJob j : jobs) {
      min = Math.min(min, j.from);
      patience = Math.max(patience, j.pollMs);
      if (wanted != null && j.keyFilter != null) {
        wanted.add(j.keyFilter);
      } else {
        wanted = null;
      }
    }
    this.from = min;
    this.pollMs = patience;
    this.keys = wanted;
  }

  /** Reads one chunk from the group's lowest offset; waits for records as long as the most patient job. */
  ReplayChunk read(Consumer<byte[], byte[]> consumer, RecordEncoder encoder) {
    consumer.assign(List.of(tp));
    consumer.seek(tp, from);
    List<ConsumerRecord<byte[], byte[]>> records;
    try {
      records = consumer.poll(Duration.ofMillis(pollMs)).records(tp);
    } catch (OffsetOutOfRangeException e) {
      long start = consumer.beginningOffsets(List.of(tp)).get(tp);
      // beyond the end (topic truncated or re-created): nothing to read, the caller decides
      return read = start > from ? ReplayChunk.gap(from, start) : new ReplayChunk(List.of(), from, -1, -1);
    }
    List<EncodedRecord> out = new ArrayList<>(records.size());
    for (ConsumerRecord<byte[], byte[]> r : records) {
      String key = EncodedRecord.key(r);
      if (keys == null || key != null && keys.contains(key)) {
        out.add(EncodedRecord.of(encoder, r, key));
      }
    }
    return read = new ReplayChunk(out, consumer.position(tp), -1, -1);
  }

  /**
   * {@code job}'s part of the read, or null if the read does not cover it: it starts past what was
   * read (and is not where the read started, whose answer, even empty, is the job's own).
   */
  ReplayChunk chunkFor(ReplayJob job) {
    if (job.from != from && job.from >= read.nextOffset()) {
      return null;
    }
    if (job.keyFilter == null || keys != null && keys.size() == 1) {
      return read;
    }
    if (byKey == null) {
      byKey = bucketByKey(read);
    }
    return byKey.computeIfAbsent(job.keyFilter,
        k -> new ReplayChunk(List.of(), read.nextOffset(), read.gapFrom(), read.gapTo()));
  }

  /** One pass over the read for all the keys, not one per key. */
  private static Map<String, ReplayChunk> bucketByKey(ReplayChunk read) {
    Map<String, List<EncodedRecord>> records = new HashMap<>();
    for (EncodedRecord r : read.records()) {
      if (r.key() != null) {
        records.computeIfAbsent(r.key(), k -> new ArrayList<>()).add(r);
      }
    }
    Map<String, ReplayChunk> out = new HashMap<>();
    records.forEach((k, mine) -> out.put(k, new ReplayChunk(mine, read.nextOffset(), read.gapFrom(), read.gapTo())));
    return out;
  }
}
