package io.logcast.load.target;

import io.logcast.load.publish.KafkaPublisher;
import io.logcast.load.publish.Pacer;
import io.logcast.load.publish.Payloads;
import io.logcast.testkit.KafkaBroker;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.IntStream;
import org.apache.kafka.clients.consumer.CloseOptions;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * Produces and fetches through a freshly started benchmark broker before the gateway starts. A
 * production broker has run for days; a cold one compiles its produce and fetch paths during the
 * measured phase (its C2 threads took 20–50 % of a core in bursts two minutes into a 50 records/s
 * run), which shows up as the gateway's tail. Bounded by time; the topic is its own.
 */
public final class BrokerWarmup {
  /** Fast enough that the broker's hot methods reach C2 within seconds, well under what it sustains here. */
  public static final int RECORDS_PER_SECOND = 5_000;
  private static final int PARTITIONS = 3;
  private static final int PAYLOAD_BYTES = 200;
  private static final Duration POLL = Duration.ofMillis(100);
  private static final Duration CLOSE = Duration.ofSeconds(5);
  /** After the last send, how long the consumer may take to read the rest back. */
  private static final Duration DRAIN = Duration.ofSeconds(10);

  /** Records produced and read back: equal when the broker served the whole warm-up. */
  public record Result(long sent, long read) {}

  private BrokerWarmup() {}

  /** Runs for {@code duration} (nothing when zero), then waits a bounded time for the consumer to read everything. */
  public static Result run(KafkaBroker broker, Duration duration) throws InterruptedException {
    if (duration.isZero()) {
      return new Result(0, 0);
    }
    String topic = "broker-warmup-" + Long.toString(System.nanoTime(), 36);
    broker.createTopic(topic, PARTITIONS);
    KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(Map.of("bootstrap.servers", broker.bootstrapServers(),
        "isolation.level", "read_committed", "enable.auto.commit", "false", "auto.offset.reset", "earliest"),
        new ByteArrayDeserializer(), new ByteArrayDeserializer());
    AtomicBoolean running = new AtomicBoolean(true);
    AtomicLong read = new AtomicLong();
    Thread reader = new Thread(() -> {
      try {
        consumer.assign(IntStream.range(0, PARTITIONS).mapToObj(p -> new TopicPartition(topic, p)).toList());
        while (running.get()) {
          ConsumerRecords<byte[], byte[]> records = consumer.poll(POLL);
          read.addAndGet(records.count());
        }
      } catch (WakeupException e) {
        // the warm-up is over
      } finally {
        consumer.close(CloseOptions.timeout(CLOSE));
      }
    }, "broker-warmup-consumer");
    reader.setDaemon(true);
    reader.start();
    long sent = 0;
    try (KafkaPublisher publisher = new KafkaPublisher(broker.bootstrapServers(), topic);
        Pacer pacer = Pacer.start(publisher, new Payloads(PAYLOAD_BYTES), RECORDS_PER_SECOND, duration, Long.MAX_VALUE)) {
      pacer.await();
      sent = pacer.sent();
    } finally {
      // closing the publisher flushed every send; now the reader catches up, bounded
      long deadline = System.nanoTime() + DRAIN.toNanos();
      while (read.get() < sent && System.nanoTime() - deadline < 0) {
        Thread.sleep(20);
      }
      running.set(false);
      consumer.wakeup();
      reader.join(CLOSE.toMillis() * 2);
    }
    return new Result(sent, read.get());
  }
}
