package io.logcast.gateway.catchup;

import io.logcast.gateway.log.EncodedRecord;

import io.logcast.gateway.log.Consumers;
import io.logcast.gateway.config.ReplayConfig;
import io.logcast.gateway.protocol.RecordEncoder;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.consumer.CloseOptions;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.OffsetOutOfRangeException;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A bounded pool of catch-up readers. Each reader takes a job, reads one chunk from the job's
 * offset and hands it back; the job is resubmitted at the tail of the queue, so readers go round
 * the jobs in turn and no client starves. {@code auto.offset.reset=none}: a range deleted by
 * retention becomes an explicit gap, never a silent jump. Background jobs (history pages) have a
 * queue of their own, read only when no catch-up waits: a history reader never delays a client
 * that is behind the live stream.
 */
public final class Replay implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(Replay.class);

  /**
   * How long an idle reader sleeps before it looks again; close wakes it at once, so this is a
   * safety net, long enough that idle readers cost nothing.
   */
  private static final long IDLE_WAIT_MS = 10_000;

  private final JobQueue queue;
  private final List<Thread> readers = new ArrayList<>();
  private final AtomicInteger busy = new AtomicInteger();
  private volatile boolean running = true;

  public Replay(Consumers consumers, ReplayConfig config, String nodeId) {
    this.queue = new JobQueue(config.maxQueued());
    for (int i = 0; i < config.readers(); i++) {
      Consumer<byte[], byte[]> consumer = consumers.create(Map.of(
          "client.id", "logcast-replay-" + nodeId + "-" + i,
          "isolation.level", "read_committed",
          "enable.auto.commit", "false",
          "auto.offset.reset", "none",
          "max.poll.records", Integer.toString(config.chunkRecords())));
      Thread t = new Thread(() -> run(consumer), "logcast-replay-" + i);
      t.setDaemon(true);
      readers.add(t);
    }
  }

  public void start() {
    readers.forEach(Thread::start);
  }

  /** Queues a job for its next chunk; false when the queue is full (the caller retries later). */
  public boolean submit(ReplayJob job) {
    return running && queue.offer(job, false);
  }

  /** Queues a background job, read only while no catch-up job waits; false when the queue is full. */
  public boolean submitBackground(ReplayJob job) {
    return running && queue.offer(job, true);
  }

  public int queued() {
    return queue.size();
  }

  public int busy() {
    return busy.get();
  }

  private void run(Consumer<byte[], byte[]> consumer) {
    RecordEncoder encoder = new RecordEncoder();
    while (running) {
      ReplayJob job;
      try {
        job = queue.poll(IDLE_WAIT_MS);
      } catch (InterruptedException e) {
        break;
      }
      if (job == null || job.cancelled) {
        continue;
      }
      busy.incrementAndGet();
      try {
        ReplayChunk chunk = readChunk(consumer, encoder, job);
        job.context.runOnContext(v -> job.handler.onChunk(job, chunk));
      } catch (RuntimeException e) {
        if (running) {
          LOG.warn("replay of {}-{} failed: {}", job.topic, job.partition, e.toString());
          job.context.runOnContext(v -> job.handler.onFailure(job, e));
        }
      } finally {
        busy.decrementAndGet();
      }
    }
    consumer.close(CloseOptions.timeout(Duration.ofSeconds(2)));
  }

  private static ReplayChunk readChunk(Consumer<byte[], byte[]> consumer, RecordEncoder encoder, ReplayJob job) {
    TopicPartition tp = new TopicPartition(job.topic, job.partition);
    long from = job.from;
    consumer.assign(List.of(tp));
    consumer.seek(tp, from);
    List<ConsumerRecord<byte[], byte[]>> records;
    try {
      records = consumer.poll(Duration.ofMillis(job.pollMs)).records(tp);
    } catch (OffsetOutOfRangeException e) {
      long start = consumer.beginningOffsets(List.of(tp)).get(tp);
      if (start > from) {
        return ReplayChunk.gap(from, start);
      }
      // beyond the end (topic truncated or re-created): nothing to read, the caller decides
      return new ReplayChunk(List.of(), from, -1, -1);
    }
    List<EncodedRecord> out = new ArrayList<>(records.size());
    for (ConsumerRecord<byte[], byte[]> r : records) {
      if (job.keyFilter == null || matches(job.keyFilter, r.key())) {
        out.add(EncodedRecord.of(encoder, r));
      }
    }
    return new ReplayChunk(out, consumer.position(tp), -1, -1);
  }

  private static boolean matches(String key, byte[] recordKey) {
    return recordKey != null && key.equals(new String(recordKey, java.nio.charset.StandardCharsets.UTF_8));
  }

  @Override
  public void close() {
    running = false;
    queue.close();
    for (Thread t : readers) {
      try {
        t.join(5_000);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }
}
