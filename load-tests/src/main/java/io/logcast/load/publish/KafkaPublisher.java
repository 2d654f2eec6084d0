package io.logcast.load.publish;

import io.logcast.load.measure.Latencies;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/** Logcast's natural path: a backend service producing to Kafka (acks=all, idempotent). */
public final class KafkaPublisher implements Publisher {
  /**
   * Kafka 4 changed the default linger; a latency benchmark sets it explicitly. 0, as in #23's
   * reference setup: at 20 records/s a 1 ms linger cost the hop 1.2–1.5 ms at p50 and 1.4–3.6 ms at
   * p99 (docs/benchmarks.md, "The generator's linger"). {@code -Dlogcast.load.lingerMs=N} in
   * {@code LOAD_JAVA_OPTS} changes it, for A/B runs.
   */
  public static final int LINGER_MS = Integer.getInteger("logcast.load.lingerMs", 0);

  private final KafkaProducer<byte[], byte[]> producer;
  private final String[] topics;
  private final int keys;
  private final AtomicLong failures = new AtomicLong();
  private volatile Latencies acks;

  public KafkaPublisher(String bootstrapServers, String topic) {
    this(bootstrapServers, List.of(topic), 0);
  }

  /**
   * Message seq to topic {@code seq % n} (the mixed case: many topics, each wanted by its own
   * clients); with {@code keys} > 0 it carries key {@code Keys.of(seq, keys)} (and goes to that
   * key's partition).
   */
  public KafkaPublisher(String bootstrapServers, List<String> topics, int keys) {
    this(bootstrapServers, topics, keys, Map.of());
  }

  /** With {@code overrides} applied last (kafka-hop's {@code --producer-config}). */
  public KafkaPublisher(String bootstrapServers, List<String> topics, int keys, Map<String, String> overrides) {
    this.topics = topics.toArray(String[]::new);
    this.keys = keys;
    Map<String, Object> config = new HashMap<>(Map.of(
        ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
        ProducerConfig.ACKS_CONFIG, "all",
        ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true,
        ProducerConfig.LINGER_MS_CONFIG, LINGER_MS,
        ProducerConfig.CLIENT_ID_CONFIG, "logcast-load-" + topics.get(0)));
    config.putAll(overrides);
    this.producer = new KafkaProducer<>(config, new ByteArraySerializer(), new ByteArraySerializer());
  }

  @Override
  public void publish(long seq, long nanos, byte[] payload) {
    String key = Keys.of(seq, keys);
    String topic = topics[(int) (seq % topics.length)];
    producer.send(new ProducerRecord<>(topic, key == null ? null : key.getBytes(StandardCharsets.UTF_8), payload),
        (meta, error) -> {
          if (error != null) {
            failures.incrementAndGet();
          } else if (acks != null) {
            acks.record((System.nanoTime() - nanos) / 1000);
          }
        });
  }

  /** From now on, each send's time to its broker acknowledgement goes into {@code latencies} (kafka-hop's split). */
  public void recordAcks(Latencies latencies) {
    this.acks = latencies;
  }

  @Override
  public long failures() {
    return failures.get();
  }

  @Override
  public void close() {
    producer.close();
  }
}
