package io.logcast.gateway.snapshot;

import io.logcast.gateway.log.Consumers;
import io.logcast.gateway.log.EncodedRecord;
import io.logcast.gateway.protocol.ProtocolError;
import io.logcast.gateway.protocol.RecordEncoder;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.CloseOptions;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.OffsetOutOfRangeException;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Builds one {@link KeyView} from the start of its topic's log and keeps it current: one consumer
 * on its own thread, {@code assign()}ed to every partition the topic had when the view was made
 * (partitions added later are not read: the view is dropped when idle and the next one sees them),
 * {@code read_committed}, {@code auto.offset.reset=none}. Records are encoded on this thread, then
 * each poll batch is applied under the view's lock in one piece, in offset order per partition.
 */
public final class ViewReader implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(ViewReader.class);
  private static final Duration POLL = Duration.ofMillis(500);
  /** A Kafka error (broker down, no leader) is retried with the same consumer after this long. */
  private static final long ERROR_BACKOFF_MS = 1_000;
  /** Records per poll: bounds what one batch holds before it is applied. */
  private static final int MAX_POLL_RECORDS = 2_000;

  private final KeyView view;
  private final Consumers consumers;
  private final String clientId;
  private final Thread thread;
  private volatile boolean running = true;
  private volatile Consumer<byte[], byte[]> consumer;

  public ViewReader(KeyView view, Consumers consumers, String nodeId, int index) {
    this.view = view;
    this.consumers = consumers;
    this.clientId = "logcast-snapshot-" + nodeId + "-" + index;
    this.thread = new Thread(this::run, "logcast-snapshot-" + index);
    this.thread.setDaemon(true);
  }

  public void start() {
    thread.start();
  }

  private void run() {
    try {
      consumer = consumers.create(Map.of(
          "client.id", clientId,
          "isolation.level", "read_committed",
          "enable.auto.commit", "false",
          "auto.offset.reset", "none",
          "max.poll.records", MAX_POLL_RECORDS));
      List<TopicPartition> tps = new ArrayList<>();
      for (int p = 0; p < view.positions().length; p++) {
        tps.add(new TopicPartition(view.topic(), p));
      }
      consumer.assign(tps);
      consumer.seekToBeginning(tps);
      read(consumer, tps);
    } catch (Throwable t) { // the view must learn of it, or its callers would wait for nothing
      if (running) {
        LOG.error("snapshot view of {} failed: {}", view.topic(), t.toString(), t);
        view.fail(ProtocolError.unavailable("the snapshot of topic '" + view.topic() + "' failed, retry later"));
      }
    } finally {
      running = false;
      if (consumer != null) {
        consumer.close(CloseOptions.timeout(Duration.ofSeconds(2)));
      }
    }
  }

  private void read(Consumer<byte[], byte[]> c, List<TopicPartition> tps) {
    RecordEncoder encoder = new RecordEncoder();
    long lastWarnMs = 0;
    while (running && view.failure() == null) {
      try {
        ConsumerRecords<byte[], byte[]> records = c.poll(POLL);
        List<Applied> batch = new ArrayList<>(records.count());
        for (ConsumerRecord<byte[], byte[]> r : records) {
          if (r.key() != null) { // a record without a key has no place in the view
            batch.add(new Applied(r.partition(), EncodedRecord.of(encoder, r), r.value() == null));
          }
        }
        long[] next = new long[tps.size()];
        for (TopicPartition tp : tps) {
          next[tp.partition()] = c.position(tp);
        }
        apply(batch, next);
      } catch (WakeupException e) {
        // stop() woke it: the loop condition ends it
      } catch (OffsetOutOfRangeException e) {
        // retention or deleteRecords passed the reader: what it missed is gone from the log too,
        // so this view can no longer be proved complete; the next request builds a new one
        view.fail(ProtocolError.unavailable("the log of topic '" + view.topic()
            + "' was truncated under its snapshot, retry"));
      } catch (KafkaException e) {
        long now = System.currentTimeMillis();
        if (now - lastWarnMs > 60_000) {
          LOG.warn("snapshot reader of {}: {} (retrying every {} ms)", view.topic(), e.toString(), ERROR_BACKOFF_MS);
          lastWarnMs = now;
        }
        sleep(ERROR_BACKOFF_MS);
      }
    }
  }

  private record Applied(int partition, EncodedRecord record, boolean tombstone) {}

  private void apply(List<Applied> batch, long[] next) {
    synchronized (view) { // one critical section per batch: a snapshot sees whole batches only
      for (Applied a : batch) {
        view.apply(a.partition(), a.record(), a.tombstone());
      }
      view.advance(next);
    }
  }

  private void sleep(long ms) {
    try {
      Thread.sleep(ms);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      running = false;
    }
  }

  public boolean running() {
    return running;
  }

  /** Asks the reader to stop; never blocks (callable from an event loop). */
  public void stop() {
    running = false;
    Consumer<byte[], byte[]> c = consumer;
    if (c != null) {
      c.wakeup();
    }
  }

  /** Stops the reader and waits for its consumer to close. */
  @Override
  public void close() {
    stop();
    try {
      thread.join(5_000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
