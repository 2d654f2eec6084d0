package io.logcast.gateway.core;

import io.logcast.gateway.config.KafkaConfig;
import io.logcast.gateway.metrics.ConsumerLag;
import io.logcast.gateway.protocol.RecordEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.apache.kafka.clients.consumer.CloseOptions;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetOutOfRangeException;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one live consumer of an instance, on its own thread. It is {@code assign()}ed to every
 * partition of every topic some local client wants (no consumer group: each instance needs the
 * whole stream), starts each at the log end, encodes every record once, and hands whole poll
 * batches to the {@link Sink}. It never waits for a client.
 */
public final class LogTail implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(LogTail.class);
  private static final Duration POLL = Duration.ofMillis(100);
  private static final long IDLE_WAIT_MS = 200;
  private static final long ERROR_BACKOFF_MS = 1_000;
  /** The lag comes from the last fetch responses (no request); once a second is plenty for a gauge. */
  private static final long LAG_EVERY_MS = 1_000;

  /** Receives the live stream; called on the LogTail thread, so it must only hand off. */
  public interface Sink {
    /** The live stream of {@code topic} continues at these offsets (index = partition). */
    void onLive(String topic, long[] positions);

    void onBatch(List<PartitionBatch> batch);

    void onDropped(String topic);
  }

  private record Command(String topic, int partitions, boolean want) {}

  private final KafkaConsumer<byte[], byte[]> consumer;
  private final Sink sink;
  private final ConcurrentLinkedQueue<Command> commands = new ConcurrentLinkedQueue<>();
  private final Map<String, Integer> wanted = new HashMap<>();
  private final Map<String, Integer> partitionsOf = new HashMap<>();
  private final Set<TopicPartition> assigned = new HashSet<>();
  private final Set<String> unannounced = new java.util.LinkedHashSet<>();
  private final RecordEncoder encoder = new RecordEncoder();
  private final Thread thread;
  private final ConsumerLag lag;
  private long lagReportedMs;
  private volatile boolean running = true;

  public LogTail(KafkaConfig kafka, String nodeId, Sink sink, ConsumerLag lag) {
    this.sink = sink;
    this.lag = lag;
    this.consumer = new KafkaConsumer<>(kafka.consumerProperties(Map.of(
        "client.id", "logcast-live-" + nodeId,
        "isolation.level", "read_committed",
        "enable.auto.commit", "false",
        "auto.offset.reset", "none",
        "max.poll.records", "2000")), new ByteArrayDeserializer(), new ByteArrayDeserializer());
    this.thread = new Thread(this::run, "logcast-logtail");
    this.thread.setDaemon(true);
  }

  public void start() {
    thread.start();
  }

  /** A shard has its first subscriber for {@code topic}. Thread-safe. */
  public void want(String topic, int partitions) {
    commands.add(new Command(topic, partitions, true));
    consumer.wakeup();
  }

  /** A shard lost its last subscriber for {@code topic}. Thread-safe. */
  public void release(String topic) {
    commands.add(new Command(topic, 0, false));
    consumer.wakeup();
  }

  private void run() {
    while (running) {
      try {
        applyCommands();
        announce();
        reportLag();
        if (assigned.isEmpty()) {
          waitForCommand(IDLE_WAIT_MS);
          continue;
        }
        ConsumerRecords<byte[], byte[]> records = consumer.poll(POLL);
        if (!records.isEmpty()) {
          sink.onBatch(encode(records, System.currentTimeMillis()));
        }
      } catch (WakeupException e) {
        // a command arrived: loop to apply it
      } catch (OffsetOutOfRangeException e) {
        // retention overtook the live tail: restart at the log start; clients behind it get a gap from Replay
        restartAtBeginning(e.offsetOutOfRangePartitions().keySet());
      } catch (KafkaException e) {
        if (running) {
          LOG.warn("live consumer error, retrying: {}", e.toString());
          waitForCommand(ERROR_BACKOFF_MS);
        }
      }
    }
    consumer.close(CloseOptions.timeout(Duration.ofSeconds(2)));
  }

  private void reportLag() {
    long now = System.currentTimeMillis();
    if (now - lagReportedMs < LAG_EVERY_MS) {
      return;
    }
    lagReportedMs = now;
    Map<String, Long> byTopic = new HashMap<>();
    for (TopicPartition tp : assigned) {
      java.util.OptionalLong l = consumer.currentLag(tp);
      byTopic.merge(tp.topic(), l.isPresent() ? l.getAsLong() : 0L, Long::sum);
    }
    lag.update(byTopic);
  }

  /** For the Kafka client meters (which only read the consumer's metrics map). */
  public org.apache.kafka.clients.consumer.Consumer<byte[], byte[]> consumer() {
    return consumer;
  }

  private void applyCommands() {
    Command c;
    while ((c = commands.poll()) != null) {
      if (c.want()) {
        if (wanted.merge(c.topic(), 1, Integer::sum) == 1) {
          partitionsOf.put(c.topic(), c.partitions());
          assign(c.topic(), c.partitions());
        }
      } else if (wanted.merge(c.topic(), -1, Integer::sum) <= 0) {
        wanted.remove(c.topic());
        unannounced.remove(c.topic());
        Integer n = partitionsOf.remove(c.topic());
        if (n == null) {
          continue;
        }
        for (int p = 0; p < n; p++) {
          assigned.remove(new TopicPartition(c.topic(), p));
        }
        consumer.assign(assigned);
        sink.onDropped(c.topic());
      }
    }
  }

  private void assign(String topic, int partitions) {
    List<TopicPartition> fresh = new ArrayList<>();
    for (int p = 0; p < partitions; p++) {
      fresh.add(new TopicPartition(topic, p));
    }
    assigned.addAll(fresh);
    consumer.assign(assigned);
    consumer.seekToEnd(fresh);
    unannounced.add(topic);
  }

  /** Tells the shards where each new topic's live stream starts; retried until Kafka answers. */
  private void announce() {
    for (var it = unannounced.iterator(); it.hasNext(); ) {
      String topic = it.next();
      long[] positions = new long[partitionsOf.get(topic)];
      for (int p = 0; p < positions.length; p++) {
        positions[p] = positionOf(new TopicPartition(topic, p));
      }
      it.remove();
      sink.onLive(topic, positions);
    }
  }

  /** Resolves the position now (a ListOffsets request), so the announced start is exact. */
  private long positionOf(TopicPartition tp) {
    while (true) {
      try {
        return consumer.position(tp);
      } catch (WakeupException e) {
        // a new command must not abort an announcement: it is applied on the next loop
      }
    }
  }

  private void restartAtBeginning(Set<TopicPartition> tps) {
    consumer.seekToBeginning(tps);
    Map<String, long[]> byTopic = new HashMap<>();
    for (TopicPartition tp : tps) {
      long[] pos = byTopic.computeIfAbsent(tp.topic(), t -> fill(partitionsOf.getOrDefault(t, 0)));
      pos[tp.partition()] = consumer.position(tp);
    }
    byTopic.forEach(sink::onLive);
  }

  /** -1 marks partitions whose live position did not change. */
  private static long[] fill(int n) {
    long[] a = new long[n];
    java.util.Arrays.fill(a, -1);
    return a;
  }

  private List<PartitionBatch> encode(ConsumerRecords<byte[], byte[]> records, long polledAtMs) {
    List<PartitionBatch> out = new ArrayList<>(records.partitions().size());
    for (TopicPartition tp : records.partitions()) {
      List<ConsumerRecord<byte[], byte[]>> list = records.records(tp);
      List<EncodedRecord> encoded = new ArrayList<>(list.size());
      for (ConsumerRecord<byte[], byte[]> r : list) {
        encoded.add(encode(encoder, r));
      }
      out.add(new PartitionBatch(tp.topic(), tp.partition(), encoded, list.get(list.size() - 1).offset() + 1, polledAtMs));
    }
    return out;
  }

  static EncodedRecord encode(RecordEncoder encoder, ConsumerRecord<byte[], byte[]> r) {
    String key = r.key() == null ? null : new String(r.key(), StandardCharsets.UTF_8);
    byte[] frame = encoder.encode(r.topic(), key, r.partition(), r.offset(), r.timestamp(), r.value(), r.headers());
    return new EncodedRecord(r.offset(), key, frame, r.timestamp());
  }

  private void waitForCommand(long ms) {
    long deadline = System.currentTimeMillis() + ms;
    while (running && commands.isEmpty() && System.currentTimeMillis() < deadline) {
      java.util.concurrent.locks.LockSupport.parkNanos(10_000_000L);
    }
  }

  @Override
  public void close() {
    running = false;
    consumer.wakeup();
    try {
      thread.join(5_000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
