package io.logcast.gateway.it;

import static io.logcast.gateway.GatewayFixture.WAIT;
import static io.logcast.gateway.GatewayFixture.subscribe;
import static org.assertj.core.api.Assertions.assertThat;

import io.logcast.gateway.GatewayFixture;
import io.logcast.testkit.ProtocolClient;
import io.vertx.core.json.JsonObject;
import java.lang.management.ManagementFactory;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import javax.management.ObjectName;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Kafka → WebSocket: both publish paths, key filtering, coalescing, and one live consumer per instance. */
class FanOutIT {
  private static GatewayFixture gw;

  @BeforeAll
  static void start() {
    gw = GatewayFixture.start();
  }

  @AfterAll
  static void stop() {
    gw.close();
  }

  @Test
  void httpPublishReachesSubscriberWithPartitionOffsetAndHeaders() {
    String topic = GatewayFixture.topic(3);
    try (ProtocolClient c = gw.client()) {
      JsonObject sub = subscribe(c, 1, topic, null, null);
      assertThat(sub.getString("type")).isEqualTo("subscribed");
      assertThat(sub.getString("epoch")).isNotBlank();

      HttpResponse<String> res = gw.post("/v1/topics/" + topic + "/messages",
          "{\"key\":\"order-42\",\"data\":{\"status\":\"paid\"},\"headers\":{\"source\":\"test\"}}", Map.of());
      assertThat(res.statusCode()).isEqualTo(200);
      JsonObject published = new JsonObject(res.body());

      JsonObject m = c.awaitMessages(1, WAIT).get(0);
      assertThat(m.getString("topic")).isEqualTo(topic);
      assertThat(m.getString("key")).isEqualTo("order-42");
      assertThat(m.getInteger("partition")).isEqualTo(published.getInteger("partition"));
      assertThat(m.getLong("offset")).isEqualTo(published.getLong("offset"));
      assertThat(m.getJsonObject("data")).isEqualTo(new JsonObject().put("status", "paid"));
      assertThat(m.getJsonObject("headers").getString("source")).isEqualTo("test");
      assertThat(m.getLong("timestamp")).isPositive();
    }
  }

  @Test
  void backendProducerReachesEverySubscriberWithDataEncodingRules() {
    String topic = GatewayFixture.topic(1);
    try (ProtocolClient a = gw.client(); ProtocolClient b = gw.client()) {
      subscribe(a, 1, topic, null, null);
      subscribe(b, 1, topic, null, null);
      gw.produce(topic, "k", "{\"n\":1}");
      gw.produce(topic, null, "plain text");
      gw.produce(topic, "k", null);
      for (ProtocolClient c : List.of(a, b)) {
        List<JsonObject> ms = c.awaitMessages(3, WAIT);
        assertThat(ms.get(0).getJsonObject("data")).isEqualTo(new JsonObject().put("n", 1));
        assertThat(ms.get(1).getString("data")).isEqualTo("plain text");
        assertThat(ms.get(1).containsKey("key")).isFalse();
        assertThat(ms.get(2).containsKey("data")).isTrue();
        assertThat(ms.get(2).getValue("data")).isNull();
      }
    }
  }

  @Test
  void socketPublishRepliesAfterKafkaAcknowledged() {
    String topic = GatewayFixture.topic(2);
    try (ProtocolClient c = gw.client()) {
      subscribe(c, 1, topic, "room-1", null);
      c.send(new JsonObject().put("type", "publish").put("id", 9).put("topic", topic).put("key", "room-1")
          .put("data", "hi"));
      JsonObject published = c.awaitType("published", WAIT);
      assertThat(published.getLong("id")).isEqualTo(9);
      JsonObject m = c.awaitMessages(1, WAIT).get(0);
      assertThat(m.getLong("offset")).isEqualTo(published.getLong("offset"));
      assertThat(m.getInteger("partition")).isEqualTo(published.getInteger("partition"));
      assertThat(m.getString("data")).isEqualTo("hi");
    }
  }

  @Test
  void keySubscriptionGetsOnlyItsKey() {
    String topic = GatewayFixture.topic(3);
    try (ProtocolClient c = gw.client(); ProtocolClient all = gw.client()) {
      subscribe(c, 1, topic, "order-7", null);
      subscribe(all, 1, topic, null, null);
      for (int i = 0; i < 30; i++) {
        gw.produce(topic, "order-" + (i % 10), "{\"i\":" + i + "}");
      }
      all.awaitMessages(30, WAIT);
      List<JsonObject> mine = c.awaitMessages(3, WAIT);
      assertThat(mine).extracting(m -> m.getString("key")).containsOnly("order-7");
      assertThat(mine).extracting(m -> m.getJsonObject("data").getInteger("i")).containsExactly(7, 17, 27);
      assertThat(GatewayFixture.ofType(c.received(), "message")).hasSize(3);
    }
  }

  @Test
  void messagesReadyTogetherAreCoalescedIntoFewerFrames() {
    String topic = GatewayFixture.topic(1);
    try (ProtocolClient c = gw.client()) {
      subscribe(c, 1, topic, null, null);
      int framesBefore = c.framesReceived();
      for (int i = 0; i < 500; i++) {
        gw.produceAsync(topic, "k" + i, ("{\"i\":" + i + "}").getBytes());
      }
      gw.flush();
      List<JsonObject> ms = c.awaitMessages(500, WAIT);
      assertThat(ms).extracting(m -> m.getJsonObject("data").getInteger("i"))
          .containsExactlyElementsOf(java.util.stream.IntStream.range(0, 500).boxed().toList());
      assertThat(c.framesReceived() - framesBefore).isLessThan(500);
    }
  }

  @Test
  void oneLiveConsumerPerInstanceHoweverManySessions() throws Exception {
    String t1 = GatewayFixture.topic(3);
    String t2 = GatewayFixture.topic(2);
    List<ProtocolClient> clients = new ArrayList<>();
    try {
      for (int i = 0; i < 20; i++) {
        ProtocolClient c = gw.client();
        clients.add(c);
        subscribe(c, 1, i % 2 == 0 ? t1 : t2, i % 3 == 0 ? "k" + i : null, null);
      }
      // every KafkaConsumer registers its metrics MBean under its client.id
      var consumers = ManagementFactory.getPlatformMBeanServer()
          .queryNames(new ObjectName("kafka.consumer:type=consumer-metrics,*"), null).stream()
          .map(n -> n.getKeyProperty("client-id"))
          .filter(id -> id.equals("logcast-live-" + gw.node().id())
              || id.startsWith("logcast-replay-" + gw.node().id() + "-"))
          .toList();
      assertThat(consumers).filteredOn(id -> id.startsWith("logcast-live-")).hasSize(1);
      // the rest is the fixed Replay pool (2 readers by default), not one per session
      assertThat(consumers).filteredOn(id -> id.startsWith("logcast-replay-")).hasSize(2);
      assertThat(consumers).hasSize(3);
    } finally {
      clients.forEach(ProtocolClient::close);
    }
  }
}
