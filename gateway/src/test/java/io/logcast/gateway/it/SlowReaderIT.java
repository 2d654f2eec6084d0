package io.logcast.gateway.it;

import static io.logcast.gateway.GatewayFixture.WAIT;
import static io.logcast.gateway.GatewayFixture.subscribe;
import static org.assertj.core.api.Assertions.assertThat;

import io.logcast.gateway.GatewayFixture;
import io.logcast.testkit.ProtocolClient;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A client that stops reading is not buffered without bound: its socket fills, it is fed from the
 * log instead of the live stream, and when it reads again it ends with every record, in order;
 * a fast client on the same topic gets everything meanwhile.
 */
class SlowReaderIT {
  private static final int RECORDS = 30_000;
  private static GatewayFixture gw;
  private static GatewayFixture strict;
  private static GatewayFixture farBehind;

  @BeforeAll
  static void start() {
    gw = GatewayFixture.start(Map.of("limits.maxOutboundBytes", "16384", "replay.chunkRecords", "200"));
    strict = GatewayFixture.start(Map.of("limits.maxOutboundBytes", "16384", "limits.maxBehindMs", "1500"));
    // five minutes allowed, but only 5,000 records: the record limit must be what trips
    farBehind = GatewayFixture.start(Map.of("limits.maxOutboundBytes", "16384", "limits.maxBehindRecords", "5000"));
  }

  @AfterAll
  static void stop() {
    gw.close();
    strict.close();
    farBehind.close();
  }

  @Test
  void aClientThatStaysBehindPastTheLimitIsClosed4009() {
    String topic = GatewayFixture.topic(1);
    byte[] pad = ("{\"pad\":\"" + "p".repeat(400) + "\"}").getBytes();
    try (ProtocolClient stalled = strict.client(); ProtocolClient fast = strict.client()) {
      subscribe(stalled, 1, topic, null, null);
      subscribe(fast, 1, topic, null, null);
      stalled.pause();
      for (int i = 0; i < RECORDS; i++) {
        strict.produceAsync(topic, "k", pad);
      }
      strict.flush();
      fast.awaitMessages(RECORDS, Duration.ofSeconds(60));
      // a paused client cannot read the close frame: wait for the gateway to count the close
      long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
      while (strict.metric("logcast_clients_closed_slow_total") < 1 && System.nanoTime() < deadline) {
        java.util.concurrent.locks.LockSupport.parkNanos(100_000_000L);
      }
      assertThat(strict.metric("logcast_clients_closed_slow_total")).isEqualTo(1);
      stalled.resume();
      assertThat(stalled.awaitClose(Duration.ofSeconds(30))).isEqualTo(4009);
      assertThat(fast.isClosed()).isFalse();
    }
  }

  @Test
  void aClientFurtherBehindThanTheRecordLimitIsClosed4009LongBeforeTheTimeLimit() {
    String topic = GatewayFixture.topic(1);
    byte[] pad = ("{\"pad\":\"" + "p".repeat(400) + "\"}").getBytes();
    try (ProtocolClient stalled = farBehind.client()) {
      subscribe(stalled, 1, topic, null, null);
      stalled.pause();
      for (int i = 0; i < RECORDS; i++) {
        farBehind.produceAsync(topic, "k", pad);
      }
      farBehind.flush();
      awaitCounter(farBehind, "logcast_clients_closed_slow_total", 1, Duration.ofSeconds(20));
      stalled.resume();
      assertThat(stalled.awaitClose(Duration.ofSeconds(30))).isEqualTo(4009);
    }
  }

  /**
   * The stalled client's backlog (120 MB of records) is not held by the gateway: heap after a full
   * GC grows by a small fraction of it. The gateway runs in this JVM, so its heap is this heap.
   */
  @Test
  void aStalledClientDoesNotGrowTheHeapWithItsBacklog() {
    String topic = GatewayFixture.topic(1);
    int records = 120_000;
    byte[] kib = ("{\"pad\":\"" + "p".repeat(1_000) + "\"}").getBytes();
    try (ProtocolClient stalled = gw.client(); ProtocolClient sentinel = gw.client()) {
      subscribe(stalled, 1, topic, null, null);
      subscribe(sentinel, 1, topic, "end", null);
      stalled.pause();
      double demotedBefore = demotions();
      // the test's own producer keeps up to 32 MB of pooled batch buffers: fill its pool first,
      // so the difference measured is the gateway's
      String warmup = GatewayFixture.topic(1);
      for (int i = 0; i < 40_000; i++) {
        gw.produceAsync(warmup, "w", kib);
      }
      gw.flush();
      long before = heapAfterGc();
      for (int i = 0; i < records; i++) {
        gw.produceAsync(topic, "k" + (i % 50), kib);
      }
      gw.produce(topic, "end", "{\"end\":true}");
      gw.flush();
      sentinel.awaitMessages(1, Duration.ofSeconds(60)); // the live stream has passed every record
      long grown = heapAfterGc() - before;
      org.slf4j.LoggerFactory.getLogger(SlowReaderIT.class).info(
          "stalled client, {} MB backlog: gateway heap after GC grew by {} MB", records * kib.length >> 20, grown >> 20);
      assertThat(grown).as("heap growth, bytes").isLessThan(48L << 20);
      assertThat(demotions()).isGreaterThan(demotedBefore);
    }
  }

  private static long heapAfterGc() {
    System.gc();
    var heap = java.lang.management.ManagementFactory.getMemoryMXBean().getHeapMemoryUsage();
    return heap.getUsed();
  }

  private static void awaitCounter(GatewayFixture fixture, String name, double atLeast, Duration wait) {
    long deadline = System.nanoTime() + wait.toNanos();
    while (fixture.metric(name) < atLeast && System.nanoTime() < deadline) {
      java.util.concurrent.locks.LockSupport.parkNanos(100_000_000L);
    }
    assertThat(fixture.metric(name)).isGreaterThanOrEqualTo(atLeast);
  }

  private static double demotions() {
    return gw.metric("logcast_clients_demoted_total");
  }

  @Test
  void stalledClientCatchesUpFromTheLogWithoutGapOrDuplicate() {
    String topic = GatewayFixture.topic(2);
    byte[] pad = ("\"" + "p".repeat(400) + "\"").getBytes();
    try (ProtocolClient slow = gw.client(); ProtocolClient fast = gw.client()) {
      subscribe(slow, 1, topic, null, null);
      subscribe(fast, 1, topic, null, null);
      slow.pause();
      for (int i = 0; i < RECORDS; i++) {
        gw.produceAsync(topic, "k" + (i % 50), ("{\"seq\":" + i + ",\"pad\":" + new String(pad) + "}").getBytes());
      }
      gw.flush();
      List<JsonObject> fastGot = fast.awaitMessages(RECORDS, Duration.ofSeconds(60));
      assertThat(fastGot).hasSize(RECORDS);
      // loopback socket buffers hold megabytes; 30k x ~450 B overflows them, so the gateway had to demote
      assertThat(demotions()).isPositive();
      slow.resume();
      List<JsonObject> slowGot = slow.awaitMessages(RECORDS, Duration.ofSeconds(60));
      PositionsIT.assertPerPartitionStrictlyIncreasing(slowGot);
      assertThat(slowGot).extracting(m -> m.getJsonObject("data").getInteger("seq")).doesNotHaveDuplicates();
      // it is live again: a new record arrives
      gw.produce(topic, "k", "{\"seq\":-1}");
      assertThat(slow.awaitMessages(1, WAIT).get(0).getJsonObject("data").getInteger("seq")).isEqualTo(-1);
    }
  }
}
