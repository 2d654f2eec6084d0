package io.logcast.gateway.metrics;

import static io.logcast.gateway.GatewayFixture.WAIT;
import static org.assertj.core.api.Assertions.assertThat;

import io.logcast.gateway.GatewayFixture;
import io.logcast.testkit.ProtocolClient;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A small, bounded load on one gateway: live subscribers on two topics, records produced every
 * 100 ms, and every 2 s a resume that works, one that does not, HTTP publishes (one refused) and a
 * subscribe over the key-length limit. Stops by itself.
 */
final class Load {
  private static final long TICK_MS = 100;
  private static final int TICKS_PER_ROUND = 20;

  private final GatewayFixture gw;
  private final String named;
  private final String other;

  Load(GatewayFixture gw, String named, String other) {
    this.gw = gw;
    this.named = named;
    this.other = other;
  }

  void run(int seconds) {
    List<ProtocolClient> subscribers = new ArrayList<>();
    try {
      for (int i = 0; i < 6; i++) {
        ProtocolClient c = gw.client();
        PrometheusIT.subscribeOk(c, 1, i < 4 ? named : other, null);
        subscribers.add(c);
      }
      ProtocolClient keyed = gw.client();
      PrometheusIT.subscribeOk(keyed, 1, named, "k-1");
      subscribers.add(keyed);
      long end = System.currentTimeMillis() + seconds * 1_000L;
      for (int tick = 0; System.currentTimeMillis() < end; tick++) {
        byte[] value = ("{\"tick\":" + tick + "}").getBytes(StandardCharsets.UTF_8);
        gw.produceAsync(named, "k-" + (tick % 3), value);
        gw.produceAsync(other, null, value);
        if (tick % TICKS_PER_ROUND == 0) {
          round(tick);
        }
        PrometheusServer.sleep(TICK_MS);
      }
      gw.flush();
      subscribers.get(0).awaitMessages(5, WAIT);
    } finally {
      subscribers.forEach(ProtocolClient::close);
    }
  }

  private void round(int tick) {
    String session;
    String secret;
    try (ProtocolClient c = gw.connect()) {
      JsonObject welcome = c.hello();
      session = welcome.getString("session");
      secret = welcome.getString("secret");
    }
    try (ProtocolClient c = gw.connect()) {
      c.send(PrometheusIT.resumeHello(session, secret));
      assertThat(c.awaitType("welcome", WAIT).getBoolean("resumed")).isTrue();
    }
    try (ProtocolClient c = gw.connect()) {
      c.send(PrometheusIT.resumeHello(session, "not-the-secret"));
      assertThat(c.awaitType("welcome", WAIT).getString("reason")).isEqualTo("unknown");
      JsonObject tooLong = GatewayFixture.subscribe(c, 2, named, "k".repeat(100), "latest");
      assertThat(tooLong.getString("code")).isEqualTo("limit_exceeded");
    }
    String body = "{\"key\":\"h-" + tick + "\",\"data\":{\"tick\":" + tick + "}}";
    assertThat(gw.post("/v1/topics/" + named + "/messages", body, Map.of()).statusCode()).isEqualTo(200);
    assertThat(gw.post("/v1/topics/not-exposed/messages", body, Map.of()).statusCode()).isEqualTo(403);
  }
}
