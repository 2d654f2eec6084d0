package io.logcast.load.scenario;

import io.logcast.load.client.PayloadScan;
import io.logcast.load.measure.Latencies;
import io.logcast.load.publish.KafkaPublisher;
import io.logcast.load.publish.Pacer;
import io.logcast.load.publish.Payloads;
import io.logcast.testkit.KafkaBroker;
import io.vertx.core.buffer.Buffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.HdrHistogram.Histogram;
import org.apache.kafka.clients.consumer.CloseOptions;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * The Kafka hop alone, no gateway: the load generator's producer (as in {@code fanout}) → the
 * testkit broker → a consumer configured as the gateway's live tail. Its percentiles are the floor
 * under every Logcast latency figure on this machine.
 */
@Command(name = "kafka-hop", mixinStandardHelpOptions = true,
    description = "Producer → broker → consumer latency on the testkit broker, without a gateway.")
public final class KafkaHopCommand implements Callable<Integer> {
  private static final Duration POLL = Duration.ofMillis(100);
  private static final Duration CLOSE = Duration.ofSeconds(5);
  /** How long the last records get to come through after the last send. */
  private static final Duration DRAIN = Duration.ofSeconds(2);

  @Option(names = "--rate", defaultValue = "50", description = "records per second (default: ${DEFAULT-VALUE})")
  double rate;

  @Option(names = "--payload", defaultValue = "200", description = "payload bytes (default: ${DEFAULT-VALUE})")
  int payload;

  @Option(names = "--warmup", defaultValue = "10", description = "seconds before measuring (default: ${DEFAULT-VALUE})")
  int warmupSeconds;

  @Option(names = "--duration", defaultValue = "30", description = "measured seconds (default: ${DEFAULT-VALUE})")
  int durationSeconds;

  @Option(names = "--topics", defaultValue = "1",
      description = "single-partition topics, records sent to them in turn and all read by the one consumer, as the mixed case's live tail reads them (default: ${DEFAULT-VALUE})")
  int topicCount;

  @Option(names = "--kafka-port", defaultValue = "18092", description = "(default: ${DEFAULT-VALUE})")
  int kafkaPort;

  @Option(names = "--producer-config", description = "a producer setting over the benchmark's own, key=value (repeatable)")
  Map<String, String> producerConfig = new HashMap<>();

  @Option(names = "--broker-config", description = "a broker setting over the testkit's, key=value (repeatable)")
  Map<String, String> brokerConfig = new HashMap<>();

  @Option(names = "--consumer-config", description = "a consumer setting over the live tail's, key=value (repeatable)")
  Map<String, String> consumerConfig = new HashMap<>();

  @Override
  public Integer call() throws Exception {
    if (topicCount < 1) {
      System.err.println("kafka-hop: --topics must be at least 1");
      return 2;
    }
    Latencies latencies = new Latencies();
    Latencies acks = new Latencies();
    AtomicLong received = new AtomicLong();
    try (KafkaBroker broker = KafkaBroker.start(KafkaBroker.Options.defaults().withPort(kafkaPort)
        .withExtraProperties(brokerConfig))) {
      String prefix = "kafka-hop-" + Long.toString(System.nanoTime(), 36) + "-";
      List<String> topics = new ArrayList<>();
      for (int i = 0; i < topicCount; i++) {
        topics.add(prefix + i);
        broker.createTopic(prefix + i, 1);
      }
      Map<String, Object> config = new HashMap<>(Map.of("bootstrap.servers", broker.bootstrapServers(),
          "isolation.level", "read_committed", "enable.auto.commit", "false", "auto.offset.reset", "latest",
          "max.poll.records", "2000"));
      config.putAll(consumerConfig);
      KafkaConsumer<byte[], byte[]> kc = new KafkaConsumer<>(config, new ByteArrayDeserializer(), new ByteArrayDeserializer());
      AtomicBoolean running = new AtomicBoolean(true);
      Thread consumer = consumerThread(kc, topics, running, latencies, received);
      consumer.start();
      try (KafkaPublisher publisher = new KafkaPublisher(broker.bootstrapServers(), topics, 0, producerConfig);
          Pacer pacer = Pacer.start(publisher, new Payloads(payload), rate,
              Duration.ofSeconds(warmupSeconds + durationSeconds), Long.MAX_VALUE)) {
        publisher.recordAcks(acks);
        Thread.sleep(warmupSeconds * 1000L);
        latencies.startMeasuring();
        acks.startMeasuring();
        long before = pacer.sent();
        pacer.await();
        awaitReceived(received, pacer.sent());
        latencies.stopMeasuring();
        acks.stopMeasuring();
        print(latencies.total(), pacer.sent() - before, publisher.failures(), pacer.maxLag());
        printAcks(acks.total());
      } finally {
        // the consumer closes on its own thread, before the broker goes
        running.set(false);
        kc.wakeup();
        consumer.join(CLOSE.toMillis() * 2);
      }
    }
    return 0;
  }

  /** As the live tail (LogTail) consumes: assigned, from the log end, read_committed. */
  private static Thread consumerThread(KafkaConsumer<byte[], byte[]> c, List<String> topics, AtomicBoolean running,
      Latencies latencies, AtomicLong received) {
    Thread t = new Thread(() -> {
      try {
        c.assign(topics.stream().map(name -> new TopicPartition(name, 0)).toList());
        PayloadScan.Sink sink = (seq, publishNanos) -> {
          latencies.record((System.nanoTime() - publishNanos) / 1000);
          received.incrementAndGet();
        };
        while (running.get()) {
          for (ConsumerRecord<byte[], byte[]> r : c.poll(POLL)) {
            PayloadScan.scan(Buffer.buffer(r.value()), sink);
          }
        }
      } catch (WakeupException e) {
        // the run is over
      } finally {
        c.close(CloseOptions.timeout(CLOSE));
      }
    }, "kafka-hop-consumer");
    t.setDaemon(true);
    return t;
  }

  /** Until every record sent has come through, or {@link #DRAIN} has passed (the first may predate the consumer). */
  private static void awaitReceived(AtomicLong received, long sent) throws InterruptedException {
    long deadline = System.nanoTime() + DRAIN.toNanos();
    while (received.get() < sent && System.nanoTime() - deadline < 0) {
      Thread.sleep(10);
    }
  }

  private void print(Histogram h, long sent, long failures, Duration maxLag) {
    System.out.printf(Locale.ROOT, "| records/s | sent while measuring | received while measuring | failed sends | "
        + "publisher's worst lag ms | p50 ms | p90 ms | p99 ms | p99.9 ms | max ms |%n|---|---|---|---|---|---|---|---|---|---|%n"
        + "| %.0f | %,d | %,d | %d | %.1f | %.2f | %.2f | %.2f | %.2f | %.2f |%n",
        rate, sent, h.getTotalCount(), failures, maxLag.toNanos() / 1e6,
        ms(h, 50), ms(h, 90), ms(h, 99), ms(h, 99.9), h.getMaxValue() / 1000.0);
  }

  /** The first half of the hop: send → the broker's acknowledgement (acks=all) back in the producer. */
  private static void printAcks(Histogram h) {
    System.out.printf(Locale.ROOT, "%nSend → acknowledged (the producer's half): p50 %.2f, p90 %.2f, p99 %.2f, "
        + "p99.9 %.2f, max %.2f ms over %,d sends%n", ms(h, 50), ms(h, 90), ms(h, 99), ms(h, 99.9),
        h.getMaxValue() / 1000.0, h.getTotalCount());
  }

  private static double ms(Histogram h, double percentile) {
    return h.getValueAtPercentile(percentile) / 1000.0;
  }
}
