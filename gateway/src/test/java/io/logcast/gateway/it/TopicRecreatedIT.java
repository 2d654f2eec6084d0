package io.logcast.gateway.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.logcast.gateway.Delivered;
import io.logcast.gateway.GatewayFixture;
import io.logcast.testkit.ProtocolClient;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A topic deleted and created again under live subscribers: each subscription is told (a
 * {@code subscribed} without id, the new epoch, recovered false, reason "epoch") and then gets
 * every record of the new topic, once, from its start.
 */
class TopicRecreatedIT {
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
  void everySubscriptionIsToldAndGetsTheWholeNewTopic() throws Exception {
    String topic = GatewayFixture.topic(1);
    try (ProtocolClient whole = gw.client(); ProtocolClient keyed = gw.client()) {
      String oldEpoch = GatewayFixture.subscribe(whole, 1, topic, null, "latest").getString("epoch");
      GatewayFixture.subscribe(keyed, 1, topic, "k1", "latest");
      for (int i = 0; i < 5; i++) {
        gw.produce(topic, 0, i % 2 == 0 ? "k1" : "k2", "{\"old\":" + i + "}");
      }
      whole.awaitMessages(5, WAIT);

      GatewayFixture.broker().deleteTopic(topic);
      GatewayFixture.broker().createTopic(topic, 2);
      String newEpoch = GatewayFixture.broker().admin().describeTopics(List.of(topic)).allTopicNames()
          .get(30, TimeUnit.SECONDS).get(topic).topicId().toString();
      assertThat(newEpoch).isNotEqualTo(oldEpoch);
      Set<String> all = new HashSet<>();
      Set<String> k1 = new HashSet<>();
      for (int p = 0; p < 2; p++) { // written before the gateway notices: read from the new log's start
        for (int i = 0; i < 3; i++) {
          add(gw.produce(topic, p, i == 1 ? "k1" : "k2", "{\"new\":" + i + "}"), all, k1, i == 1);
        }
      }
      JsonObject told = whole.await(o -> "subscribed".equals(o.getString("type")) && newEpoch.equals(o.getString("epoch")),
          WAIT);
      assertThat(told.getValue("id")).isNull();
      assertThat(told.getBoolean("recovered")).isFalse();
      assertThat(told.getString("reason")).isEqualTo("epoch");
      keyed.await(o -> "subscribed".equals(o.getString("type")) && newEpoch.equals(o.getString("epoch")), WAIT);
      for (int p = 0; p < 2; p++) {
        add(gw.produce(topic, p, "k1", "{\"after\":" + p + "}"), all, k1, true);
      }
      // the messages after each client was told of the new epoch: exactly the new topic's, once each
      Predicate<JsonObject> told2 = o -> "subscribed".equals(o.getString("type")) && newEpoch.equals(o.getString("epoch"));
      Delivered.assertExactly(whole, told2, all, WAIT);
      Delivered.assertExactly(keyed, told2, k1, WAIT);
    }
  }

  private static void add(RecordMetadata md, Set<String> all, Set<String> k1, boolean isK1) {
    all.add(md.partition() + "@" + md.offset());
    if (isK1) {
      k1.add(md.partition() + "@" + md.offset());
    }
  }
}
