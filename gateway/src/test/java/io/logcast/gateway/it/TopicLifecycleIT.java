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
import org.apache.kafka.clients.admin.NewPartitions;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A topic changing under live subscribers, found within live.topicCheckMs: partitions added are
 * delivered from their start; a topic deleted and created again is announced to each subscription
 * (a {@code subscribed} without id, the new epoch, recovered false, reason "epoch"), which then
 * gets every record of the new topic, once, from its start.
 */
class TopicLifecycleIT {
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

  /** Written positions: every record in {@code all}, records of key k1 in {@code k1} too. */
  private record Written(Set<String> all, Set<String> k1) {
    Written() {
      this(new HashSet<>(), new HashSet<>());
    }

    void add(RecordMetadata md, boolean isK1) {
      all.add(md.partition() + "@" + md.offset());
      if (isK1) {
        k1.add(md.partition() + "@" + md.offset());
      }
    }
  }

  @Test
  void partitionsThreeToSixReachWholeTopicAndKeyedSubscribersWithNothingMissing() throws Exception {
    String topic = GatewayFixture.topic(3);
    try (ProtocolClient whole = gw.client(); ProtocolClient keyed = gw.client()) {
      GatewayFixture.subscribe(whole, 1, topic, null, "latest");
      GatewayFixture.subscribe(keyed, 1, topic, "k1", "latest");
      Written written = new Written();
      for (int p = 0; p < 3; p++) {
        written.add(gw.produce(topic, p, "k1", "{\"before\":" + p + "}"), true);
      }
      GatewayFixture.broker().admin().createPartitions(Map.of(topic, NewPartitions.increaseTo(6))).all()
          .get(30, TimeUnit.SECONDS);
      // written right away, before the gateway can have seen the new partitions: read from their start
      for (int p = 0; p < 6; p++) {
        written.add(gw.produce(topic, p, "k1", "{\"after\":" + p + "}"), true);
        written.add(gw.produce(topic, p, "k2", "{\"other\":" + p + "}"), false);
      }
      Delivered.assertExactly(whole, written.all(), WAIT);
      Delivered.assertExactly(keyed, written.k1(), WAIT);
    }
  }

  @Test
  void aRecreatedTopicIsAnnouncedToEverySubscriptionWhichThenGetsTheWholeNewTopic() throws Exception {
    String topic = GatewayFixture.topic(1);
    try (ProtocolClient whole = gw.client(); ProtocolClient keyed = gw.client()) {
      String oldEpoch = GatewayFixture.subscribe(whole, 1, topic, null, "latest").getString("epoch");
      GatewayFixture.subscribe(keyed, 1, topic, "k1", "latest");
      for (int i = 0; i < 5; i++) {
        gw.produce(topic, 0, i % 2 == 0 ? "k1" : "k2", "{\"old\":" + i + "}");
      }
      whole.awaitMessages(5, WAIT); // the old topic is live on the gateway

      GatewayFixture.broker().deleteTopic(topic);
      GatewayFixture.broker().createTopic(topic, 2);
      String newEpoch = GatewayFixture.broker().admin().describeTopics(List.of(topic)).allTopicNames()
          .get(30, TimeUnit.SECONDS).get(topic).topicId().toString();
      assertThat(newEpoch).isNotEqualTo(oldEpoch);
      Written written = new Written();
      for (int p = 0; p < 2; p++) { // written before the gateway notices: read from the new log's start
        for (int i = 0; i < 3; i++) {
          written.add(gw.produce(topic, p, i == 1 ? "k1" : "k2", "{\"new\":" + i + "}"), i == 1);
        }
      }
      Predicate<JsonObject> told = o -> "subscribed".equals(o.getString("type")) && newEpoch.equals(o.getString("epoch"));
      JsonObject signal = whole.await(told, WAIT);
      assertThat(signal.getValue("id")).isNull();
      assertThat(signal.getBoolean("recovered")).isFalse();
      assertThat(signal.getString("reason")).isEqualTo("epoch");
      keyed.await(told, WAIT);
      for (int p = 0; p < 2; p++) {
        written.add(gw.produce(topic, p, "k1", "{\"after\":" + p + "}"), true);
      }
      // the messages after each client was told of the new epoch: exactly the new topic's, once each
      Delivered.assertExactly(whole, told, written.all(), WAIT);
      Delivered.assertExactly(keyed, told, written.k1(), WAIT);
    }
  }
}
