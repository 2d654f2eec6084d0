package io.logcast.gateway.live;

import io.logcast.gateway.log.Consumers;
import io.logcast.gateway.log.PartitionBatch;
import io.logcast.gateway.log.TopicInfo;
import io.logcast.gateway.metrics.ConsumerLag;
import io.logcast.gateway.metrics.LiveMeters;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.locks.LockSupport;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.OffsetOutOfRangeException;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.TopicAuthorizationException;
import org.apache.kafka.common.errors.WakeupException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one live consumer of an instance, on its own thread. It is {@code assign()}ed to every
 * partition of every topic some local client wants (no consumer group: each instance needs the
 * whole stream), starts each at the log end, encodes every record once, and hands whole poll
 * batches to the {@link Sink}. It never waits for a client.
 *
 * <p>It supervises itself: a Kafka error is retried after a pause; anything else replaces the
 * consumer ({@link LiveReader}) after a growing backoff, re-assigned at the next offset of each
 * partition, so no record is skipped or repeated. {@link #stalled} says when no poll has made
 * progress for {@code stallTimeoutMs} (readiness reports it).
 */
public final class LogTail implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(LogTail.class);
  // a poll returns as soon as records come and a command wakes it: the timeout only paces an idle
  // turn's housekeeping (lag report, parked topics), so it is long enough to cost nothing at idle
  private static final Duration POLL = Duration.ofMillis(500);
  private static final long IDLE_WAIT_MS = 200;
  private static final long ERROR_BACKOFF_MS = 1_000;
  private static final long MAX_RESTART_BACKOFF_MS = 30_000;
  /** Without records for this long, the reader asks the brokers for the end offsets: progress, or an error. */
  private static final long PROBE_EVERY_MS = 5_000;
  private static final Duration PROBE_TIMEOUT = Duration.ofSeconds(2);
  /** The lag comes from the last fetch responses (no request); once a second is plenty for a gauge. */
  private static final long LAG_EVERY_MS = 1_000;

  /** Receives the live stream; called on the LogTail thread, so it must only hand off. */
  public interface Sink {
    /** The live stream of {@code topic} continues at these offsets (index = partition; -1: unchanged). */
    void onLive(String topic, long[] positions);

    void onBatch(List<PartitionBatch> batch);

    void onDropped(String topic);

    /** {@code topic} was re-created: a new log, with this epoch, read from these offsets (its start). */
    void onRecreated(String topic, String epoch, long[] positions);
  }

  private volatile java.util.function.Consumer<Consumer<byte[], byte[]>> consumerListener = c -> { };
  private final Consumers consumers;
  private final Map<String, Object> settings;
  private final Sink sink;
  private final ConsumerLag lag;
  private final LiveMeters meters;
  private final long stallTimeoutMs;
  private long warnedMs;
  private final ConcurrentLinkedQueue<LiveTopics.Command> commands = new ConcurrentLinkedQueue<>();
  private final LiveTopics topics;
  private final Thread thread;
  private volatile LiveReader reader;
  /** When a poll last made progress (records, or brokers that answered); 0 before the first. */
  private volatile long progressMs;
  private long lagReportedMs;
  private boolean replaceDue;
  private volatile boolean running = true;

  public LogTail(Consumers consumers, String nodeId, Sink sink, ConsumerLag lag, LiveMeters meters,
      long stallTimeoutMs) {
    this.consumers = consumers;
    this.settings = LiveReader.settings(nodeId);
    this.sink = sink;
    this.topics = new LiveTopics(sink);
    this.lag = lag;
    this.meters = meters;
    this.stallTimeoutMs = stallTimeoutMs;
    this.reader = new LiveReader(consumers.create(settings));
    this.thread = new Thread(this::run, "logcast-logtail");
    this.thread.setDaemon(true);
    meters.pollAge(() -> pollAgeMs(System.currentTimeMillis()) / 1000.0);
  }

  public void start() {
    progressMs = System.currentTimeMillis();
    thread.start();
  }

  /** A shard has its first subscriber for {@code topic}. Thread-safe. */
  public void want(TopicInfo topic) {
    command(new LiveTopics.Command(LiveTopics.Kind.WANT, topic));
  }

  /**
   * {@code topic} has {@code partitions} now, more than when it was wanted: the new partitions are
   * read from their log start and announced to the shards. Thread-safe.
   */
  public void grow(TopicInfo topic) {
    command(new LiveTopics.Command(LiveTopics.Kind.GROW, topic));
  }

  /** {@code topic} was deleted and created again (a new epoch): read the new log from its start. Thread-safe. */
  public void recreated(TopicInfo topic) {
    command(new LiveTopics.Command(LiveTopics.Kind.RECREATE, topic));
  }

  /** The topics read now. Thread-safe. */
  public Map<String, TopicInfo> followed() {
    return topics.followed();
  }

  private void command(LiveTopics.Command c) {
    commands.add(c);
    reader.wakeup();
  }

  /** A shard lost its last subscriber for {@code topic}. Thread-safe. */
  public void release(String topic) {
    command(new LiveTopics.Command(LiveTopics.Kind.RELEASE, new TopicInfo(topic, null, 0)));
  }

  /** How long a topic the gateway may not read waits before it is tried again (live.unreadableRetryMs). */
  public void parkUnreadableMs(long ms) {
    topics.parkMs(ms);
  }

  /**
   * Tells {@code listener} the live consumer now and each time a restart replaces it (on the live
   * thread): the Kafka client meters follow it, instead of showing a closed consumer's numbers.
   */
  public void onConsumer(java.util.function.Consumer<Consumer<byte[], byte[]>> listener) {
    consumerListener = listener;
    listener.accept(reader.consumer());
  }

  /** Why the live stream is not moving, or null while it is (or has nothing to read). Thread-safe. */
  public String stalled(long nowMs) {
    if (!running || !thread.isAlive() && progressMs == 0) {
      return null;
    }
    if (!thread.isAlive()) {
      return "the live reader's thread has stopped";
    }
    long age = pollAgeMs(nowMs);
    return age > stallTimeoutMs ? "no progress of the live consumer for " + age / 1000 + " s" : null;
  }

  private long pollAgeMs(long nowMs) {
    long since = progressMs;
    return since == 0 || reader.idle() ? 0 : Math.max(0, nowMs - since);
  }

  private void run() {
    long backoff = ERROR_BACKOFF_MS;
    while (running) {
      try {
        turn();
        backoff = ERROR_BACKOFF_MS;
      } catch (WakeupException e) {
        // a command arrived: the next turn applies it
      } catch (TopicAuthorizationException e) {
        meters.failed(LiveMeters.Failure.KAFKA);
        topics.park(e.unauthorizedTopics(), reader, System.currentTimeMillis());
      } catch (KafkaException e) {
        if (running) {
          meters.failed(LiveMeters.Failure.KAFKA);
          warn(e);
          pause(ERROR_BACKOFF_MS, true);
        }
      } catch (Throwable t) { // the thread must outlive anything: a stopped live tail loses every client
        if (running) {
          meters.failed(LiveMeters.Failure.UNEXPECTED);
          LOG.error("live reader failed, replacing its consumer in {} ms: {}", backoff, t.toString(), t);
          pause(backoff, false);
          backoff = Math.min(backoff * 2, MAX_RESTART_BACKOFF_MS);
          replaceDue = true; // in the next turn, inside the try: a failing replacement is retried too
        }
      }
    }
    reader.closeQuietly();
  }

  private void turn() {
    if (replaceDue) {
      replaceReader();
      replaceDue = false;
    }
    applyCommands();
    topics.unpark(reader, System.currentTimeMillis());
    topics.announce(reader);
    reportLag();
    long now = System.currentTimeMillis();
    if (reader.idle()) {
      progressMs = now;
      pause(IDLE_WAIT_MS, true);
      return;
    }
    List<PartitionBatch> batch;
    try {
      batch = reader.poll(POLL);
    } catch (OffsetOutOfRangeException e) {
      topics.restartAtBeginning(e.offsetOutOfRangePartitions().keySet(), reader);
      return;
    }
    if (!batch.isEmpty()) {
      progressMs = System.currentTimeMillis();
      sink.onBatch(batch);
      topics.positions().advance(batch);
    } else if (now - progressMs > PROBE_EVERY_MS) {
      // an empty poll says nothing (a quiet topic, or no broker): ask, so a dead cluster shows;
      // one partition per probe, in turn, so one without a leader does not look like a dead cluster
      reader.probe(PROBE_TIMEOUT);
      progressMs = System.currentTimeMillis();
    }
  }

  private void applyCommands() {
    LiveTopics.Command c;
    while ((c = commands.poll()) != null) {
      boolean wasIdle = reader.idle();
      topics.apply(c, reader);
      if (wasIdle && !reader.idle()) {
        progressMs = System.currentTimeMillis(); // the stall clock starts with the first assignment
      }
    }
  }

  /** A new consumer where the old one stopped: announced partitions continue at their next offsets. */
  private void replaceReader() {
    reader.closeQuietly();
    meters.restarted();
    reader = new LiveReader(consumers.create(settings));
    reader.assign(topics.positions().all(), topics.positions().resumeAt());
    consumerListener.accept(reader.consumer());
  }

  private void reportLag() {
    long now = System.currentTimeMillis();
    if (now - lagReportedMs >= LAG_EVERY_MS) {
      lagReportedMs = now;
      lag.update(reader.lagByTopic());
    }
  }

  /** A Kafka error repeats every second while it lasts: one line a minute says so. */
  private void warn(KafkaException e) {
    long now = System.currentTimeMillis();
    if (now - warnedMs >= 60_000) {
      warnedMs = now;
      LOG.warn("live consumer error, retrying every {} ms: {}", ERROR_BACKOFF_MS, e.toString());
    }
  }

  /** Sleeps in steps, so that close (and, if {@code forCommand}, a new command) ends it early. */
  private void pause(long ms, boolean forCommand) {
    long deadline = System.currentTimeMillis() + ms;
    while (running && !(forCommand && !commands.isEmpty()) && System.currentTimeMillis() < deadline) {
      LockSupport.parkNanos(10_000_000L);
    }
  }

  @Override
  public void close() {
    running = false;
    reader.wakeup();
    try {
      thread.join(5_000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
