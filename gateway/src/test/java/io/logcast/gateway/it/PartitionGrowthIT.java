package io.logcast.gateway.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.logcast.gateway.Delivered;
import io.logcast.gateway.GatewayFixture;
import io.logcast.testkit.ProtocolClient;
import java.time.Duration;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.NewPartitions;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Partitions added to a topic under live subscribers: found within live.topicCheckMs, delivered from their start. */
class PartitionGrowthIT {
  private static final Duration WAIT = GatewayFixture.WAIT;
  private static GatewayFixture gw;

  @BeforeAll
  static void start() {
    gw = GatewayFixture.start(Map.of("live.topicCheckMs", "1000"));
  }

  @AfterAll
  static void stop() {
    gw.close();
  }

  @Test
  void partitionsThreeToSixReachWholeTopicAndKeyedSubscribersWithNothingMissing() throws Exception {
    String topic = GatewayFixture.topic(3);
    try (ProtocolClient whole = gw.client(); ProtocolClient keyed = gw.client()) {
      GatewayFixture.subscribe(whole, 1, topic, null, "latest");
      GatewayFixture.subscribe(keyed, 1, topic, "k1", "latest");
      Set<String> all = new HashSet<>();
      Set<String> k1 = new HashSet<>();
      for (int p = 0; p < 3; p++) {
        record(gw.produce(topic, p, "k1", "{\"before\":" + p + "}"), all, k1, true);
      }
      GatewayFixture.broker().admin().createPartitions(Map.of(topic, NewPartitions.increaseTo(6))).all()
          .get(30, TimeUnit.SECONDS);
      // written right away, before the gateway can have seen the new partitions: read from their start
      for (int p = 0; p < 6; p++) {
        record(gw.produce(topic, p, "k1", "{\"after\":" + p + "}"), all, k1, true);
        record(gw.produce(topic, p, "k2", "{\"other\":" + p + "}"), all, k1, false);
      }
      Delivered.assertExactly(whole, all, WAIT);
      Delivered.assertExactly(keyed, k1, WAIT);
    }
  }

  private static void record(RecordMetadata md, Set<String> all, Set<String> keyed, boolean isKeyed) {
    String position = md.partition() + "@" + md.offset();
    all.add(position);
    if (isKeyed) {
      keyed.add(position);
    }
  }
}
