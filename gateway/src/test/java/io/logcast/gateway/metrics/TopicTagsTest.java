package io.logcast.gateway.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class TopicTagsTest {
  @Test
  void onlyListedTopicsAreNamedAndOnlyWhenEnabled() {
    TopicTags on = new TopicTags(true, Set.of("orders"));
    assertThat(on.of("orders")).isEqualTo("orders");
    assertThat(on.of("chat.room-1")).isEqualTo(TopicTags.OTHER);
    assertThat(on.values()).containsExactly("orders", "other");
    TopicTags off = new TopicTags(false, Set.of("orders"));
    assertThat(off.of("orders")).isEqualTo(TopicTags.OTHER);
    assertThat(off.values()).containsExactly("other");
  }

  @Test
  void consumerLagSumsPerTagAndZeroesTopicsThatLeft() {
    SimpleMeterRegistry registry = new SimpleMeterRegistry();
    ConsumerLag lag = new ConsumerLag(registry, new TopicTags(true, Set.of("orders")));
    lag.update(Map.of("orders", 5L, "a", 2L, "b", 3L));
    assertThat(registry.get("logcast.consumer.lag").tag("topic", "orders").gauge().value()).isEqualTo(5);
    assertThat(registry.get("logcast.consumer.lag").tag("topic", "other").gauge().value()).isEqualTo(5);
    lag.update(Map.of("a", 1L));
    assertThat(registry.get("logcast.consumer.lag").tag("topic", "orders").gauge().value()).isZero();
    assertThat(registry.find("logcast.consumer.lag").gauges()).hasSize(2);
  }

  @Test
  void kafkaClientMetersPerTopicPartitionOrBrokerAreDropped() {
    assertThat(Registries.perTopicOrBroker(id("kafka.consumer.fetch.manager.records.lag", "topic", "x"))).isTrue();
    assertThat(Registries.perTopicOrBroker(id("kafka.consumer.fetch.manager.records.lag", "partition", "0"))).isTrue();
    assertThat(Registries.perTopicOrBroker(id("kafka.producer.node.request.rate", "node.id", "node-1"))).isTrue();
    assertThat(Registries.perTopicOrBroker(id("kafka.producer.record.send.total", "client.id", "c"))).isFalse();
    assertThat(Registries.perTopicOrBroker(id("logcast.consumer.lag", "topic", "other"))).isFalse();
  }

  private static Meter.Id id(String name, String tag, String value) {
    return new Meter.Id(name, Tags.of(tag, value), null, null, Meter.Type.GAUGE);
  }
}
