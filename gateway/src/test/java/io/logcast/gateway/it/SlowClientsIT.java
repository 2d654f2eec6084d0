package io.logcast.gateway.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.logcast.gateway.GatewayFixture;
import io.logcast.testkit.Poll;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Slow and half-open clients on the public port, with raw sockets: the header, body, idle and
 * hello deadlines, every socket counted against limits.maxConnections from its accept, and the
 * per-address limits (a second source address is 127.0.0.2, loopback's /8 on Linux).
 */
class SlowClientsIT {
  private static final Duration BOUND = Duration.ofSeconds(5);
  private static final String REJECTIONS = "logcast_limit_rejections_total{kind=\"";
  private static GatewayFixture timed;
  private static GatewayFixture capped;
  private static GatewayFixture perAddress;
  private static GatewayFixture rated;

  @BeforeAll
  static void start() {
    timed = GatewayFixture.start(Map.of("limits.requestHeaderTimeoutMs", "500", "limits.requestBodyTimeoutMs", "500",
        "limits.httpIdleTimeoutMs", "1000", "limits.helloTimeoutMs", "1000"));
    capped = GatewayFixture.start(Map.of("limits.maxConnections", "3", "limits.helloTimeoutMs", "1500"));
    perAddress = GatewayFixture.start(Map.of("limits.perAddressExempt", "none", "limits.maxPendingPerAddress", "3",
        "limits.maxConnectsPerSecondPerAddress", "0", "limits.helloTimeoutMs", "30000"));
    rated = GatewayFixture.start(Map.of("limits.perAddressExempt", "none", "limits.maxConnectsPerSecondPerAddress", "2"));
  }

  @AfterAll
  static void stop() {
    for (GatewayFixture g : new GatewayFixture[] {timed, capped, perAddress, rated}) {
      if (g != null) {
        g.close();
      }
    }
  }

  private static RawSocket open(GatewayFixture g, String from) throws IOException {
    return new RawSocket(g.node().port(), from);
  }

  /** A socket that upgraded and then says nothing. */
  private static RawSocket upgraded(GatewayFixture g, String from) throws IOException {
    RawSocket s = open(g, from).send(RawSocket.upgradeRequest());
    assertThat(s.status(BOUND)).isEqualTo(101);
    return s;
  }

  @Test
  void halfARequestLineIsClosedAtTheHeaderTimeout() throws IOException {
    try (RawSocket s = open(timed, null)) {
      RawSocket.Ending end = s.send("GET /v1/topi").untilClosed(BOUND);
      assertThat(end.closed()).as("closed within %s", BOUND).isTrue();
      assertThat(end.took()).isBetween(Duration.ofMillis(400), Duration.ofMillis(4_000));
      assertThat(end.bytes()).as("no answer to half a request").isEmpty();
    }
    assertThat(timed.metric(REJECTIONS + "request_timeout\"")).isPositive();
  }

  @Test
  void anIdleKeepAliveConnectionIsClosed() throws IOException {
    try (RawSocket s = open(timed, null)) {
      RawSocket.Ending end = s.send("GET /nothing-here HTTP/1.1\r\nHost: x\r\n\r\n").untilClosed(BOUND);
      assertThat(end.text()).startsWith("HTTP/1.1 404");
      assertThat(end.closed()).as("closed within %s", BOUND).isTrue();
      assertThat(end.took()).isBetween(Duration.ofMillis(900), Duration.ofMillis(4_500));
    }
  }

  @Test
  void aBodyThatStopsHalfWayIsClosedAtTheBodyTimeout() throws IOException {
    try (RawSocket s = open(timed, null)) {
      RawSocket.Ending end = s.send("POST /v1/topics/lc-slow/messages HTTP/1.1\r\nHost: x\r\n"
          + "Content-Type: application/json\r\nContent-Length: 100\r\n\r\n{\"value\":").untilClosed(BOUND);
      assertThat(end.closed()).as("closed within %s", BOUND).isTrue();
      assertThat(end.took()).isBetween(Duration.ofMillis(400), Duration.ofMillis(4_000));
    }
  }

  @Test
  void aWebSocketWithoutHelloIsClosed4012() throws IOException {
    try (RawSocket s = upgraded(timed, null)) {
      RawSocket.Ending end = s.untilClosed(BOUND);
      assertThat(end.closed()).isTrue();
      assertThat(RawSocket.closeCode(end.bytes())).isEqualTo(4012);
      // 4012 at the hello deadline; not answering it, the client is dropped a second later
      assertThat(end.took()).isBetween(Duration.ofMillis(800), Duration.ofMillis(4_500));
    }
  }

  @Test
  void socketsBeforeTheirHelloCountAgainstMaxConnections() throws IOException {
    List<RawSocket> held = new ArrayList<>();
    try {
      // the silent one first: the upgrades' round trips see it counted (accepts are spread over the loops)
      held.add(open(capped, null)); // has not even sent a request
      held.add(upgraded(capped, null));
      held.add(upgraded(capped, null));
      try (RawSocket fourth = open(capped, null)) {
        RawSocket.Ending end = fourth.send(RawSocket.upgradeRequest()).untilClosed(BOUND);
        assertThat(end.text()).startsWith("HTTP/1.1 503");
        assertThat(errorCode(end)).isEqualTo("unavailable");
        assertThat(end.closed()).isTrue();
      }
      assertThat(capped.metric(REJECTIONS + "connections\"")).isPositive();
      // the hello deadline closes the two WebSockets (4012), the header deadline the silent one
      for (RawSocket s : held) {
        assertThat(s.untilClosed(Duration.ofSeconds(15)).closed()).isTrue();
      }
      assertThat(Poll.within(BOUND, () -> upgrades(capped, null))).as("room again once they are closed").isTrue();
    } finally {
      closeAll(held);
    }
  }

  @Test
  void theNextPendingSocketOfAnAddressIsRefused429WhileAnotherAddressIsServed() throws IOException {
    List<RawSocket> held = new ArrayList<>();
    try {
      held.add(open(perAddress, "127.0.0.1")); // pre-upgrade sockets count too
      held.add(upgraded(perAddress, "127.0.0.1"));
      held.add(upgraded(perAddress, "127.0.0.1"));
      // the silent one is counted when its event loop takes it, which the upgrades need not wait for
      assertThat(Poll.within(BOUND, () -> perAddress.metric("logcast_public_sockets") >= 3)).isTrue();
      try (RawSocket next = open(perAddress, "127.0.0.1")) {
        RawSocket.Ending end = next.send(RawSocket.upgradeRequest()).untilClosed(BOUND);
        assertThat(end.text()).startsWith("HTTP/1.1 429");
        assertThat(errorCode(end)).isEqualTo("rate_limited");
        assertThat(end.closed()).isTrue();
      }
      try (RawSocket other = upgraded(perAddress, "127.0.0.2")) {
        assertThat(other.untilClosed(Duration.ofMillis(300)).closed()).as("served, and kept").isFalse();
      }
      assertThat(perAddress.metric(REJECTIONS + "pending_per_address\"")).isPositive();
      // a hello takes a socket out of its address's pending ones
      held.get(1).sendText(new JsonObject().put("type", "hello").encode());
      assertThat(Poll.within(BOUND, () -> upgrades(perAddress, "127.0.0.1"))).isTrue();
    } finally {
      closeAll(held);
    }
  }

  @Test
  void connectsOfOneAddressBeyondItsRateAreRefused429() throws IOException {
    int refused = 0;
    for (int i = 0; i < 8; i++) {
      try (RawSocket s = open(rated, "127.0.0.1")) {
        int status = s.send("GET /nothing-here HTTP/1.1\r\nHost: x\r\n\r\n").status(BOUND);
        refused += status == 429 ? 1 : 0;
      }
    }
    // 2 a second with a burst of 2: eight connects in well under two seconds cannot all pass
    assertThat(refused).isPositive();
    assertThat(rated.metric(REJECTIONS + "connect_rate_per_address\"")).isPositive();
    try (RawSocket other = open(rated, "127.0.0.2")) {
      assertThat(other.send("GET /nothing-here HTTP/1.1\r\nHost: x\r\n\r\n").status(BOUND)).isEqualTo(404);
    }
  }

  /** Whether a new socket from {@code from} is upgraded now (it is closed again at once). */
  private static boolean upgrades(GatewayFixture g, String from) {
    try (RawSocket s = open(g, from)) {
      return s.send(RawSocket.upgradeRequest()).status(BOUND) == 101;
    } catch (IOException e) {
      return false;
    }
  }

  private static String errorCode(RawSocket.Ending end) {
    String text = end.text();
    return new JsonObject(text.substring(text.indexOf("\r\n\r\n") + 4).trim()).getString("code");
  }

  private static void closeAll(List<RawSocket> sockets) throws IOException {
    for (RawSocket s : sockets) {
      s.close();
    }
  }
}
