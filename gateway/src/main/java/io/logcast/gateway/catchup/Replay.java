package io.logcast.gateway.catchup;

import io.logcast.gateway.log.Consumers;
import io.logcast.gateway.config.ReplayConfig;
import io.logcast.gateway.protocol.RecordEncoder;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.consumer.CloseOptions;
import org.apache.kafka.clients.consumer.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A bounded pool of catch-up readers. Each reader takes a job with every other one queued on its
 * partition, reads one chunk for all of them ({@link SharedRead}) and hands each its part; a job is
 * resubmitted at the tail of the queue, so readers go round the partitions in turn and no client
 * starves. {@code auto.offset.reset=none}: a range deleted by
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
  /**
   * The broker's wait for records at the log end. After a read the consumer fetches ahead, and a
   * seek elsewhere on that partition waits for that fetch to come back: at Kafka's 500 ms default,
   * every catch-up read that followed one at the end waited half a second.
   */
  static final int FETCH_WAIT_MS = 20;

  private final JobQueue queue;
  private final List<Thread> readers = new ArrayList<>();
  private final AtomicInteger busy = new AtomicInteger();
  private final AtomicLong reads = new AtomicLong();
  private final AtomicLong chunks = new AtomicLong();
  private volatile boolean running = true;

  public Replay(Consumers consumers, ReplayConfig config, String nodeId) {
    this.queue = new JobQueue(config.maxQueued());
    for (int i = 0; i < config.readers(); i++) {
      Consumer<byte[], byte[]> consumer = consumers.create(Map.of(
          "client.id", "logcast-replay-" + nodeId + "-" + i,
          "isolation.level", "read_committed",
          "enable.auto.commit", "false",
          "auto.offset.reset", "none",
          "fetch.max.wait.ms", Integer.toString(FETCH_WAIT_MS),
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

  /** Reads of the log by the readers: one per chunk, shared by the jobs of a partition. */
  public long reads() {
    return reads.get();
  }

  /** Chunks handed to jobs: more than {@link #reads} when jobs share reads. */
  public long chunks() {
    return chunks.get();
  }

  public int busy() {
    return busy.get();
  }

  private void run(Consumer<byte[], byte[]> consumer) {
    RecordEncoder encoder = new RecordEncoder();
    while (running) {
      List<ReplayJob> jobs;
      try {
        jobs = queue.pollGroup(IDLE_WAIT_MS);
      } catch (InterruptedException e) {
        break;
      }
      jobs = jobs.stream().filter(j -> !j.cancelled).toList();
      if (jobs.isEmpty()) {
        continue;
      }
      busy.incrementAndGet();
      try {
        SharedRead read = new SharedRead(jobs);
        try {
          read.read(consumer, encoder);
        } catch (RuntimeException e) {
          if (running) {
            ReplayJob first = jobs.get(0);
            LOG.warn("replay of {}-{} failed: {}", first.topic, first.partition, e.toString());
            jobs.forEach(job -> job.context.runOnContext(v -> job.handler.onFailure(job, e)));
          }
          continue;
        }
        reads.incrementAndGet();
        hand(read, jobs);
      } finally {
        busy.decrementAndGet();
      }
    }
    consumer.close(CloseOptions.timeout(Duration.ofSeconds(2)));
  }

  /** Each job its part of the read; the jobs it did not cover go back to the queue. */
  private void hand(SharedRead read, List<ReplayJob> jobs) {
    List<ReplayJob> uncovered = new ArrayList<>();
    for (ReplayJob job : jobs) {
      ReplayChunk chunk = read.chunkFor(job);
      if (chunk == null) {
        uncovered.add(job);
      } else {
        chunks.incrementAndGet();
        job.context.runOnContext(v -> job.handler.onChunk(job, chunk));
      }
    }
    queue.requeue(uncovered);
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
