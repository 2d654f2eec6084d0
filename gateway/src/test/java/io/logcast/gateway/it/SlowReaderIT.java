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

  @BeforeAll
  static void start() {
    gw = GatewayFixture.start(Map.of("limits.maxOutboundBytes", "16384", "replay.chunkRecords", "200"));
    strict = GatewayFixture.start(Map.of("limits.maxOutboundBytes", "16384", "limits.maxBehindMs", "1500"));
  }

  @AfterAll
  static void stop() {
    gw.close();
    strict.close();
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
      while (counter(strict, "logcast_clients_closed_slow_total") < 1 && System.nanoTime() < deadline) {
        java.util.concurrent.locks.LockSupport.parkNanos(100_000_000L);
      }
      assertThat(counter(strict, "logcast_clients_closed_slow_total")).isEqualTo(1);
      stalled.resume();
      assertThat(stalled.awaitClose(Duration.ofSeconds(30))).isEqualTo(4009);
      assertThat(fast.isClosed()).isFalse();
    }
  }

  private static double demotions() {
    return counter(gw, "logcast_clients_demoted_total");
  }

  private static double counter(GatewayFixture fixture, String name) {
    String metrics = fixture.get("http://127.0.0.1:" + fixture.node().managementPort() + "/metrics").body();
    return metrics.lines().filter(l -> l.startsWith(name))
        .mapToDouble(l -> Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1))).sum();
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
