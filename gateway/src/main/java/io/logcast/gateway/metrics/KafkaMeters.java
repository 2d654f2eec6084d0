package io.logcast.gateway.metrics;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.kafka.KafkaClientMetrics;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.producer.Producer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Kafka clients' own metrics (kafka_consumer_*, kafka_producer_*), client-wide only: see
 * {@link Registries} for the filter that drops the per-topic, per-partition and per-broker ones.
 */
public final class KafkaMeters implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(KafkaMeters.class);

  private final MeterRegistry registry;
  private final List<KafkaClientMetrics> bound = new ArrayList<>();
  private KafkaClientMetrics live;

  public KafkaMeters(MeterRegistry registry) {
    this.registry = registry;
  }

  /** The live reader's consumer; a replacement takes over its meters (the old one is closed). */
  public synchronized void liveConsumer(Consumer<?, ?> consumer) {
    if (live != null) {
      bound.remove(live);
      closeQuietly(live);
    }
    live = new KafkaClientMetrics(consumer);
    bind(live);
  }

  public void producer(Producer<?, ?> producer) {
    bind(new KafkaClientMetrics(producer));
  }

  private synchronized void bind(KafkaClientMetrics m) {
    m.bindTo(registry);
    bound.add(m);
  }

  @Override
  public synchronized void close() {
    bound.forEach(KafkaMeters::closeQuietly);
    bound.clear();
  }

  private static void closeQuietly(KafkaClientMetrics m) {
    try {
      m.close();
    } catch (RuntimeException e) {
      LOG.debug("closing Kafka meters: {}", e.toString());
    }
  }
}
