package io.logcast.gateway.it;

import static io.logcast.gateway.GatewayFixture.WAIT;
import static io.logcast.gateway.GatewayFixture.subscribe;
import static org.assertj.core.api.Assertions.assertThat;

import io.logcast.gateway.GatewayFixture;
import io.logcast.testkit.ProtocolClient;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * replay.memoryBytes: a position the live stream has recently passed is caught up from memory,
 * exactly like a Kafka replay (order, no duplicate, key filter) but with no replay job; one the
 * memory no longer covers still goes to Kafka.
 */
class RecentRecordsIT {
  private static GatewayFixture gw;

  @BeforeAll
  static void start() {
    // ~100 records of this test's size per event loop: the first records of a 300-record burst are evicted
    gw = GatewayFixture.start(Map.of("replay.memoryBytes", "16000", "server.eventLoops", "1"));
  }

  @AfterAll
  static void stop() {
    gw.close();
  }

  @Test
  void aRecentPositionIsServedFromMemoryAndAnOlderOneFromKafka() {
    String topic = GatewayFixture.topic(1);
    try (ProtocolClient live = gw.client(); ProtocolClient recent = gw.client(); ProtocolClient old = gw.client()) {
      String epoch = subscribe(live, 1, topic, null, "latest").getString("epoch");
      // the first record is seen once the topic is live on the gateway: the rest come live, and are kept
      produce(topic, 0, 1);
      assertThat(live.awaitMessages(1, WAIT)).hasSize(1);
      produce(topic, 1, 299);
      assertThat(live.awaitMessages(299, WAIT)).hasSize(299);
      double before = gw.metric("logcast_replay_memory_catchups_total");

      subscribe(recent, 1, topic, "key-1", position(epoch, 280));
      List<JsonObject> ms = recent.awaitMessages(7, WAIT); // key-1 at 280, 283, ..., 298
      assertThat(ms).extracting(m -> m.getJsonObject("data").getInteger("seq"))
          .containsExactlyElementsOf(IntStream.iterate(280, s -> s < 300, s -> s + 3).boxed().toList());
      assertThat(gw.metric("logcast_replay_memory_catchups_total")).isEqualTo(before + 1);

      subscribe(old, 1, topic, null, position(epoch, 5));
      List<JsonObject> all = old.awaitMessages(295, WAIT);
      assertThat(all).extracting(m -> m.getJsonObject("data").getInteger("seq"))
          .containsExactlyElementsOf(IntStream.range(5, 300).boxed().toList());
      assertThat(gw.metric("logcast_replay_memory_catchups_total"))
          .as("catch-up from offset 5 needs Kafka first (evicted), then may finish from memory")
          .isLessThanOrEqualTo(before + 2);

      // and both continue live
      gw.produce(topic, "key-1", "{\"seq\":300}");
      assertThat(recent.awaitMessages(1, WAIT).get(0).getJsonObject("data").getInteger("seq")).isEqualTo(300);
      assertThat(old.awaitMessages(1, WAIT).get(0).getJsonObject("data").getInteger("seq")).isEqualTo(300);
    }
  }

  private static void produce(String topic, int from, int n) {
    for (int i = from; i < from + n; i++) {
      gw.produceAsync(topic, "key-" + (i % 3), ("{\"seq\":" + i + ",\"pad\":\"" + "p".repeat(100) + "\"}").getBytes());
    }
    gw.flush();
  }

  private static JsonObject position(String epoch, long offset) {
    return new JsonObject().put("epoch", epoch).put("offsets", new JsonObject().put("0", offset));
  }

}
