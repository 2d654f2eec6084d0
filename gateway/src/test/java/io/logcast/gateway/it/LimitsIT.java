package io.logcast.gateway.it;

import static io.logcast.gateway.GatewayFixture.WAIT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.logcast.gateway.GatewayFixture;
import io.logcast.testkit.ProtocolClient;
import io.vertx.core.http.UpgradeRejectedException;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Inbound rate limit and admission control; one gateway per limit so they cannot interfere. */
class LimitsIT {
  private static GatewayFixture rate;
  private static GatewayFixture capped;
  private static GatewayFixture slowConnects;
  private static GatewayFixture roomy;

  @BeforeAll
  static void start() {
    rate = GatewayFixture.start(Map.of("limits.inboundPerSecond", "5", "limits.inboundBurst", "5"));
    capped = GatewayFixture.start(Map.of("limits.maxConnections", "3"));
    slowConnects = GatewayFixture.start(Map.of("limits.maxConnectsPerSecond", "2"));
    roomy = GatewayFixture.start(Map.of("limits.inboundPerSecond", "100000", "limits.inboundBurst", "100000"));
  }

  @AfterAll
  static void stop() {
    rate.close();
    capped.close();
    slowConnects.close();
    roomy.close();
  }

  /**
   * Thousands of subscribe/unsubscribe pairs leave nothing behind: every request is answered, and
   * afterwards one subscription gets each record once (a leaked subscription would duplicate it).
   */
  private static List<Long> answered(ProtocolClient c) {
    return c.received().stream().filter(o -> o.getLong("id") != null && o.getLong("id") < 1_000_000
            && !"message".equals(o.getString("type")))
        .map(o -> o.getLong("id")).toList();
  }

  @Test
  void subscriptionChurnLeavesNoTrace() {
    String topic = GatewayFixture.topic(2);
    int pairs = 2_000; // each unsubscribe follows its subscribe at once: it waits for the subscribe to resolve
    try (ProtocolClient churner = roomy.client(); ProtocolClient watcher = roomy.client()) {
      GatewayFixture.subscribe(watcher, 1, topic, null, null);
      for (int i = 0; i < pairs; i++) {
        String key = i % 2 == 0 ? null : "k" + (i % 7);
        JsonObject sub = new JsonObject().put("type", "subscribe").put("id", 2 * i).put("topic", topic);
        JsonObject unsub = new JsonObject().put("type", "unsubscribe").put("id", 2 * i + 1).put("topic", topic);
        if (key != null) {
          sub.put("key", key);
          unsub.put("key", key);
        }
        churner.send(sub);
        churner.send(unsub);
      }
      // every request is answered once; requests piling up on one resolving subscription past its
      // bound are refused (limit_exceeded), and an unsubscribe of a refused subscribe finds nothing
      long deadline = System.nanoTime() + WAIT.toNanos();
      while (answered(churner).size() < 2 * pairs && System.nanoTime() < deadline) {
        java.util.concurrent.locks.LockSupport.parkNanos(50_000_000L);
      }
      assertThat(answered(churner)).hasSize(2 * pairs).doesNotHaveDuplicates();
      assertThat(GatewayFixture.ofType(churner.received(), "error"))
          .extracting(e -> e.getString("code")).isSubsetOf("limit_exceeded", "not_found", "bad_request");
      assertThat(GatewayFixture.ofType(churner.received(), "subscribed")).hasSizeGreaterThan(pairs / 2);
      // whatever a refused unsubscribe left subscribed is unsubscribed now, one request at a time
      for (int k = -1; k < 7; k++) {
        JsonObject unsub = new JsonObject().put("type", "unsubscribe").put("id", 2_000_000 + k).put("topic", topic);
        if (k >= 0) {
          unsub.put("key", "k" + k);
        }
        churner.send(unsub);
        long id = 2_000_000 + k;
        churner.await(o -> Long.valueOf(id).equals(o.getLong("id")), WAIT);
      }
      // what the churn leaves in the gateway: nothing. One subscription, and each record comes once
      assertThat(GatewayFixture.subscribe(churner, 1_000_000, topic, null, null).getString("type"))
          .isEqualTo("subscribed");
      for (int i = 0; i < 20; i++) {
        roomy.produce(topic, "k" + (i % 7), "{\"seq\":" + i + "}");
      }
      assertThat(churner.awaitMessages(20, WAIT)).extracting(m -> m.getJsonObject("data").getInteger("seq"))
          .doesNotHaveDuplicates();
      assertThat(watcher.awaitMessages(20, WAIT)).hasSize(20);
      roomy.produce(topic, "k0", "{\"seq\":99}");
      assertThat(watcher.awaitMessages(1, WAIT)).hasSize(1);
      // nothing more than the one copy of each: a leaked subscription would have delivered again
      assertThat(churner.awaitMessages(1, WAIT).get(0).getJsonObject("data").getInteger("seq")).isEqualTo(99);
      assertThat(GatewayFixture.ofType(churner.received(), "message")).hasSize(21);
    }
  }

  @Test
  void aFloodGetsRateLimitedThenClosed4008() {
    try (ProtocolClient c = rate.client()) {
      try {
        for (int i = 0; i < 40; i++) {
          c.send(new JsonObject().put("type", "ping"));
        }
      } catch (IllegalStateException closedMidFlood) {
        // the server closed the connection before the client finished flooding: expected
      }
      JsonObject error = c.awaitType("error", WAIT);
      assertThat(error.getString("code")).isEqualTo("rate_limited");
      assertThat(c.awaitClose(WAIT)).isEqualTo(4008);
      // one error for the whole run of dropped objects, not one per object
      assertThat(GatewayFixture.ofType(c.received(), "error")).hasSize(1);
    }
  }

  @Test
  void withinTheRateNothingIsDropped() {
    try (ProtocolClient c = rate.client()) {
      for (int i = 0; i < 4; i++) {
        c.send(new JsonObject().put("type", "ping"));
        c.awaitType("pong", WAIT);
      }
      assertThat(GatewayFixture.ofType(c.received(), "error")).isEmpty();
    }
  }

  @Test
  void beyondTheConnectionCapTheUpgradeIsRefusedWith503() {
    List<ProtocolClient> held = new ArrayList<>();
    try {
      for (int i = 0; i < 3; i++) {
        held.add(capped.client());
      }
      Throwable refused = catchThrowable(capped::connect);
      assertThat(refused).isInstanceOf(UpgradeRejectedException.class);
      assertThat(((UpgradeRejectedException) refused).getStatus()).isEqualTo(503);
      assertThat(held).noneMatch(ProtocolClient::isClosed);
    } finally {
      held.forEach(ProtocolClient::close);
    }
  }

  @Test
  void aConnectStormBeyondTheRateIsRefusedWith503() {
    List<ProtocolClient> held = new ArrayList<>();
    int refused = 0;
    try {
      for (int i = 0; i < 6; i++) {
        try {
          held.add(slowConnects.connect());
        } catch (UpgradeRejectedException e) {
          assertThat(e.getStatus()).isEqualTo(503);
          refused++;
        }
      }
      // 2 per second with a burst of 2: six connects in well under a second cannot all pass
      assertThat(refused).isPositive();
      assertThat(held).isNotEmpty();
    } finally {
      held.forEach(ProtocolClient::close);
    }
  }
}
