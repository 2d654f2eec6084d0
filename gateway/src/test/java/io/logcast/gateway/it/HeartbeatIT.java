package io.logcast.gateway.it;

import static io.logcast.gateway.GatewayFixture.WAIT;
import static io.logcast.gateway.it.WebSocketFramesIT.CLOSE;
import static io.logcast.gateway.it.WebSocketFramesIT.PING;
import static io.logcast.gateway.it.WebSocketFramesIT.TEXT;
import static org.assertj.core.api.Assertions.assertThat;

import io.logcast.gateway.GatewayFixture;
import io.logcast.gateway.it.WebSocketFramesIT.RawSocket;
import io.logcast.testkit.Poll;
import io.logcast.testkit.ProtocolClient;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The server's heartbeat (limits.heartbeatMs): every connection is pinged once per interval,
 * counted from its own start, and a peer silent for two intervals is closed 1001.
 */
class HeartbeatIT {
  private static final long HEARTBEAT_MS = 500;
  private static GatewayFixture gw;

  @BeforeAll
  static void start() {
    gw = GatewayFixture.start(Map.of("limits.heartbeatMs", Long.toString(HEARTBEAT_MS)));
  }

  @AfterAll
  static void stop() {
    if (gw != null) {
      gw.close();
    }
  }

  @Test
  void aPeerThatNeverAnswersIsPingedThenClosed1001AfterTwoSilentIntervals() throws IOException {
    try (RawSocket s = RawSocket.open(gw.wsUrl())) {
      s.send(TEXT, true, "{\"type\":\"hello\"}".getBytes(StandardCharsets.UTF_8));
      long start = System.nanoTime();
      List<Integer> opcodes = new ArrayList<>();
      WebSocketFramesIT.Frame f;
      do {
        f = s.read();
        opcodes.add(f.opcode());
      } while (f.opcode() != CLOSE);
      long tookMs = (System.nanoTime() - start) / 1_000_000;
      assertThat(f.closeCode()).isEqualTo(1001);
      assertThat(opcodes).as("pinged before being closed").contains(PING);
      assertThat(tookMs).as("closed only once silent for two intervals").isGreaterThanOrEqualTo(2 * HEARTBEAT_MS);
    }
  }

  @Test
  void aPeerThatAnswersPingsStays() {
    try (ProtocolClient c = gw.connect()) {
      c.hello();
      // a client library answers pings by itself: five intervals later it is still open and answering
      assertThat(Poll.within(Duration.ofMillis(5 * HEARTBEAT_MS), c::isClosed)).isFalse();
      c.send(new io.vertx.core.json.JsonObject().put("type", "ping"));
      c.awaitType("pong", WAIT);
    }
  }
}
