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

  public KafkaMeters(MeterRegistry registry) {
    this.registry = registry;
  }

  public void consumer(Consumer<?, ?> consumer) {
    bind(new KafkaClientMetrics(consumer));
  }

  public void producer(Producer<?, ?> producer) {
    bind(new KafkaClientMetrics(producer));
  }

  private void bind(KafkaClientMetrics m) {
    m.bindTo(registry);
    bound.add(m);
  }

  @Override
  public void close() {
    for (KafkaClientMetrics m : bound) {
      try {
        m.close();
      } catch (RuntimeException e) {
        LOG.debug("closing Kafka meters: {}", e.toString());
      }
    }
  }
}
