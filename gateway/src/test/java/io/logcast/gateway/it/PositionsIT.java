package io.logcast.gateway.it;

import static io.logcast.gateway.GatewayFixture.WAIT;
import static io.logcast.gateway.GatewayFixture.subscribe;
import static org.assertj.core.api.Assertions.assertThat;

import io.logcast.gateway.Delivered;
import io.logcast.gateway.GatewayFixture;
import io.logcast.testkit.ProtocolClient;
import io.vertx.core.json.JsonObject;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Every {@code from}, merged with the live stream: order kept, nothing twice, gaps and bad positions announced. */
class PositionsIT {
  private static final int RECORDS = 1_200;
  private static GatewayFixture gw;

  @BeforeAll
  static void start() {
    gw = GatewayFixture.start(Map.of("replay.chunkRecords", "100"));
  }

  @AfterAll
  static void stop() {
    gw.close();
  }

  /** Writes {@code n} records over many keys; values carry a global sequence number. */
  private static void write(String topic, int from, int n) {
    for (int i = from; i < from + n; i++) {
      gw.produceAsync(topic, "key-" + (i % 37), ("{\"seq\":" + i + "}").getBytes());
    }
    gw.flush();
  }

  /**
   * The first {@code n} messages, and then proof that no more come: {@code awaitMessages(n)} alone
   * cannot see an extra (duplicate or unexpected) message.
   */
  private static List<JsonObject> exactly(ProtocolClient c, int n) {
    List<JsonObject> first = c.awaitMessages(n, WAIT);
    try {
      Delivered.settle();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    assertThat(c.received()).filteredOn(o -> "message".equals(o.getString("type"))).hasSize(n);
    return first;
  }

  @Test
  void earliestReplaysEverythingThenContinuesLiveInOrderWithoutDuplicates() {
    String topic = GatewayFixture.topic(3);
    write(topic, 0, RECORDS);
    try (ProtocolClient c = gw.client()) {
      JsonObject sub = subscribe(c, 1, topic, null, "earliest");
      assertThat(sub.getBoolean("recovered")).isTrue();
      write(topic, RECORDS, 300); // live records race with the catch-up
      List<JsonObject> ms = exactly(c, RECORDS + 300);
      assertPerPartitionStrictlyIncreasing(ms);
      assertThat(ms).extracting(m -> m.getJsonObject("data").getInteger("seq")).doesNotHaveDuplicates();
      assertThat(ms).hasSize(RECORDS + 300);
    }
  }

  @Test
  void timeStartsAtTheFirstRecordAtOrAfterIt() throws Exception {
    String topic = GatewayFixture.topic(1);
    write(topic, 0, 5);
    long t = System.currentTimeMillis() + 1;
    while (System.currentTimeMillis() <= t) {
      Thread.onSpinWait(); // the next records must carry a later timestamp than t
    }
    write(topic, 5, 5);
    try (ProtocolClient c = gw.client()) {
      subscribe(c, 1, topic, null, new JsonObject().put("time", t));
      List<JsonObject> ms = exactly(c, 5);
      assertThat(ms).extracting(m -> m.getJsonObject("data").getInteger("seq")).containsExactly(5, 6, 7, 8, 9);
    }
  }

  @Test
  void positionResumesExactlyAfterWhatWasSeenWithKeyFilter() {
    String topic = GatewayFixture.topic(3);
    write(topic, 0, 370); // key-5 appears 10 times
    JsonObject position;
    List<Integer> firstSeen;
    try (ProtocolClient c = gw.client()) {
      JsonObject sub = subscribe(c, 1, topic, "key-5", "earliest");
      List<JsonObject> ms = exactly(c, 10);
      firstSeen = ms.stream().map(m -> m.getJsonObject("data").getInteger("seq")).toList();
      Map<String, Object> next = new HashMap<>();
      // the client saw only the first 4 before it went away
      for (JsonObject m : ms.subList(0, 4)) {
        next.put(Integer.toString(m.getInteger("partition")), m.getLong("offset") + 1);
      }
      position = new JsonObject().put("epoch", sub.getString("epoch")).put("offsets", new JsonObject(next));
    }
    try (ProtocolClient c = gw.client()) {
      JsonObject sub = subscribe(c, 2, topic, "key-5", position);
      assertThat(sub.getBoolean("recovered")).isTrue();
      assertThat(sub.getValue("reason")).isNull();
      List<JsonObject> ms = exactly(c, 6);
      assertThat(ms).extracting(m -> m.getJsonObject("data").getInteger("seq"))
          .containsExactlyElementsOf(firstSeen.subList(4, 10));
    }
  }

  @Test
  void wrongEpochIsNotRecovered() {
    String topic = GatewayFixture.topic(1);
    try (ProtocolClient c = gw.client()) {
      JsonObject sub = subscribe(c, 1, topic, null,
          new JsonObject().put("epoch", "AAAAAAAAAAAAAAAAAAAAAA").put("offsets", new JsonObject().put("0", 0)));
      assertThat(sub.getBoolean("recovered")).isFalse();
      assertThat(sub.getString("reason")).isEqualTo("epoch");
      gw.produce(topic, "k", "\"after\"");
      assertThat(exactly(c, 1).get(0).getString("data")).isEqualTo("after");
    }
  }

  @Test
  void positionBelowLogStartGetsGapThenDeliveryFromLogStart() {
    String topic = GatewayFixture.topic(1);
    write(topic, 0, 20);
    GatewayFixture.broker().deleteRecordsBefore(topic, 0, 12);
    try (ProtocolClient c = gw.client()) {
      String epoch = subscribe(c, 1, topic, "absent", "latest").getString("epoch");
      JsonObject sub = subscribe(c, 2, topic, null,
          new JsonObject().put("epoch", epoch).put("offsets", new JsonObject().put("0", 3)));
      assertThat(sub.getBoolean("recovered")).isFalse();
      assertThat(sub.getString("reason")).isEqualTo("retention");
      JsonObject gap = c.awaitType("gap", WAIT);
      assertThat(gap.getInteger("partition")).isZero();
      assertThat(gap.getLong("from")).isEqualTo(3);
      assertThat(gap.getLong("to")).isEqualTo(12);
      assertThat(gap.getString("reason")).isEqualTo("retention");
      List<JsonObject> ms = exactly(c, 8);
      assertThat(ms).extracting(m -> m.getLong("offset")).containsExactly(12L, 13L, 14L, 15L, 16L, 17L, 18L, 19L);
      int gapIndex = c.received().indexOf(gap);
      assertThat(c.received().indexOf(ms.get(0))).isGreaterThan(gapIndex);
    }
  }

  @Test
  void positionBeyondTheEndIsNotRecoveredAndStartsAtTheEnd() {
    String topic = GatewayFixture.topic(1);
    write(topic, 0, 3);
    try (ProtocolClient c = gw.client()) {
      String epoch = subscribe(c, 1, topic, "absent", "latest").getString("epoch");
      JsonObject sub = subscribe(c, 2, topic, null,
          new JsonObject().put("epoch", epoch).put("offsets", new JsonObject().put("0", 1_000)));
      assertThat(sub.getBoolean("recovered")).isFalse();
      assertThat(sub.getString("reason")).isEqualTo("future");
      assertThat(sub.getJsonObject("offsets").getLong("0")).isEqualTo(3);
      gw.produce(topic, "k", "{\"seq\":3}");
      assertThat(exactly(c, 1).get(0).getLong("offset")).isEqualTo(3);
    }
  }

  @Test
  void latestDeliversEverythingPublishedAfterSubscribed() {
    String topic = GatewayFixture.topic(3);
    write(topic, 0, 50);
    try (ProtocolClient c = gw.client()) {
      subscribe(c, 1, topic, null, "latest");
      write(topic, 50, 200);
      List<JsonObject> ms = exactly(c, 200);
      assertThat(ms).extracting(m -> m.getJsonObject("data").getInteger("seq"))
          .containsExactlyInAnyOrderElementsOf(java.util.stream.IntStream.range(50, 250).boxed().toList());
      assertPerPartitionStrictlyIncreasing(ms);
    }
  }

  static void assertPerPartitionStrictlyIncreasing(List<JsonObject> ms) {
    Map<Integer, Long> last = new HashMap<>();
    for (JsonObject m : ms) {
      long prev = last.getOrDefault(m.getInteger("partition"), -1L);
      assertThat(m.getLong("offset")).as("partition %s order", m.getInteger("partition")).isGreaterThan(prev);
      last.put(m.getInteger("partition"), m.getLong("offset"));
    }
  }
}
