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

  @BeforeAll
  static void start() {
    rate = GatewayFixture.start(Map.of("limits.inboundPerSecond", "5", "limits.inboundBurst", "5"));
    capped = GatewayFixture.start(Map.of("limits.maxConnections", "3"));
    slowConnects = GatewayFixture.start(Map.of("limits.maxConnectsPerSecond", "2"));
  }

  @AfterAll
  static void stop() {
    rate.close();
    capped.close();
    slowConnects.close();
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
