package io.logcast.gateway.live;

import io.logcast.gateway.log.EncodedRecord;
import io.logcast.gateway.log.PartitionBatch;
import io.logcast.gateway.protocol.RecordEncoder;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Set;
import org.apache.kafka.clients.consumer.CloseOptions;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;

/**
 * The live Kafka consumer and its assignment, used by the {@link LogTail} thread only. A failed
 * reader is thrown away and a new one assigned where the old one stopped, so nothing here needs
 * to survive a failure.
 */
final class LiveReader implements AutoCloseable {
  private static final Duration CLOSE_TIMEOUT = Duration.ofSeconds(2);

  private final Consumer<byte[], byte[]> consumer;
  private final RecordEncoder encoder = new RecordEncoder();
  private final Set<TopicPartition> assigned = new HashSet<>();
  /** Read from other threads (the poll-age gauge, readiness). */
  private volatile boolean idle = true;
  private int probed;

  /** The live consumer's settings: assigned, never committing, read_committed, no silent reset. */
  static Map<String, Object> settings(String nodeId) {
    return Map.of(
        "client.id", "logcast-live-" + nodeId,
        "isolation.level", "read_committed",
        "enable.auto.commit", "false",
        "auto.offset.reset", "none",
        "max.poll.records", "2000");
  }

  LiveReader(Consumer<byte[], byte[]> consumer) {
    this.consumer = consumer;
  }

  Consumer<byte[], byte[]> consumer() {
    return consumer;
  }

  /** Thread-safe: interrupts a poll so the thread applies new commands (it polls again soon anyway). */
  void wakeup() {
    try {
      consumer.wakeup();
    } catch (RuntimeException e) {
      // a consumer being replaced: the new one sees the command on its next turn
    }
  }

  static List<TopicPartition> partitions(String topic, int n) {
    List<TopicPartition> tps = new ArrayList<>(n);
    for (int p = 0; p < n; p++) {
      tps.add(new TopicPartition(topic, p));
    }
    return tps;
  }

  boolean idle() {
    return idle;
  }

  /** Asks the brokers for one assigned partition's end (the next one each time); throws if none answers. */
  void probe(Duration timeout) {
    if (assigned.isEmpty()) {
      return;
    }
    List<TopicPartition> all = new ArrayList<>(assigned);
    consumer.endOffsets(List.of(all.get(Math.floorMod(probed++, all.size()))), timeout);
  }

  Set<TopicPartition> assigned() {
    return assigned;
  }

  /** Adds partitions: each continues at its offset in {@code next}, or starts at the log end. */
  void assign(Collection<TopicPartition> fresh, Map<TopicPartition, Long> next) {
    assigned.addAll(fresh);
    idle = assigned.isEmpty();
    consumer.assign(assigned);
    List<TopicPartition> atEnd = new ArrayList<>();
    for (TopicPartition tp : fresh) {
      Long at = next.get(tp);
      if (at == null) {
        atEnd.add(tp);
      } else {
        consumer.seek(tp, at);
      }
    }
    if (!atEnd.isEmpty()) {
      consumer.seekToEnd(atEnd);
    }
  }

  /** Adds partitions that nothing was read of yet: they start at their log start. */
  void assignFromStart(Collection<TopicPartition> fresh) {
    assigned.addAll(fresh);
    idle = assigned.isEmpty();
    consumer.assign(assigned);
    consumer.seekToBeginning(fresh);
  }

  void unassign(Collection<TopicPartition> gone) {
    if (assigned.removeAll(gone)) {
      consumer.assign(assigned);
    }
    idle = assigned.isEmpty();
  }

  /** The exact position (a ListOffsets request after a seek); a wakeup must not abort it. */
  long position(TopicPartition tp) {
    while (true) {
      try {
        return consumer.position(tp);
      } catch (WakeupException e) {
        // a new command is applied on the next turn
      }
    }
  }

  /** Retention overtook the live tail: these partitions restart at the log start. */
  void seekToBeginning(Collection<TopicPartition> tps) {
    consumer.seekToBeginning(tps);
  }

  /** Records not fetched yet, per topic, from the last fetch responses (no request). */
  Map<String, Long> lagByTopic() {
    Map<String, Long> byTopic = new java.util.HashMap<>();
    for (TopicPartition tp : assigned) {
      OptionalLong l = consumer.currentLag(tp);
      byTopic.merge(tp.topic(), l.isPresent() ? l.getAsLong() : 0L, Long::sum);
    }
    return byTopic;
  }

  /**
   * One poll, every record encoded once, as whole batches per partition (empty if nothing came).
   * Stamped when the poll returns: the wait inside it for records to come is not the gateway's.
   */
  List<PartitionBatch> poll(Duration timeout) {
    ConsumerRecords<byte[], byte[]> records = consumer.poll(timeout);
    if (records.isEmpty()) {
      return List.of();
    }
    long polledAtMs = System.currentTimeMillis();
    List<PartitionBatch> out = new ArrayList<>(records.partitions().size());
    for (TopicPartition tp : records.partitions()) {
      List<ConsumerRecord<byte[], byte[]>> list = records.records(tp);
      List<EncodedRecord> encoded = new ArrayList<>(list.size());
      for (ConsumerRecord<byte[], byte[]> r : list) {
        encoded.add(EncodedRecord.of(encoder, r));
      }
      out.add(new PartitionBatch(tp.topic(), tp.partition(), encoded, list.get(list.size() - 1).offset() + 1,
          polledAtMs));
    }
    return out;
  }

  /** Closes a consumer that may have failed: nothing it throws matters any more. */
  void closeQuietly() {
    try {
      close();
    } catch (Throwable t) {
      org.slf4j.LoggerFactory.getLogger(LiveReader.class).debug("closing the live consumer: {}", t.toString());
    }
  }

  @Override
  public void close() {
    consumer.close(CloseOptions.timeout(CLOSE_TIMEOUT));
  }
}
