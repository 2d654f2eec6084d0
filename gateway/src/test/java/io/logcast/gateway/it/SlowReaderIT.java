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

  @BeforeAll
  static void start() {
    gw = GatewayFixture.start(Map.of("limits.maxOutboundBytes", "16384", "replay.chunkRecords", "200"));
  }

  @AfterAll
  static void stop() {
    gw.close();
  }

  private static double demotions() {
    String metrics = gw.get("http://127.0.0.1:" + gw.node().managementPort() + "/metrics").body();
    return metrics.lines().filter(l -> l.startsWith("logcast_clients_demoted_total"))
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
