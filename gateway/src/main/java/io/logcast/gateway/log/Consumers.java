package io.logcast.gateway.log;

import io.logcast.gateway.config.KafkaConfig;
import java.util.Map;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * Makes the Kafka consumers of the live tail and the replay pool; tests pass kafka-clients'
 * {@code MockConsumer} instead, so the readers run without a broker.
 */
@FunctionalInterface
public interface Consumers {
  /** A consumer of raw records, with {@code settings} over the configured ones. */
  Consumer<byte[], byte[]> create(Map<String, Object> settings);

  /** Real consumers of the configured cluster. */
  static Consumers of(KafkaConfig kafka) {
    return settings -> new KafkaConsumer<>(kafka.consumerProperties(settings), new ByteArrayDeserializer(),
        new ByteArrayDeserializer());
  }
}
