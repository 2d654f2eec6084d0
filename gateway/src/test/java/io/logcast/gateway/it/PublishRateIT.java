package io.logcast.gateway.it;

import static io.logcast.gateway.GatewayFixture.WAIT;
import static io.logcast.gateway.it.AuthSupport.token;
import static org.assertj.core.api.Assertions.assertThat;

import io.logcast.gateway.GatewayFixture;
import io.logcast.testkit.Poll;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.http.HttpResponse;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** limits.publishPerSecond: HTTP publishes are rate-limited per principal, with 429 and a JSON body past it. */
class PublishRateIT {
  private static final int PER_SECOND = 20;
  private static GatewayFixture gw;

  @BeforeAll
  static void start() {
    Map<String, String> cfg = new HashMap<>(AuthSupport.hs256Config());
    cfg.put("limits.publishPerSecond", Integer.toString(PER_SECOND));
    gw = GatewayFixture.start(cfg);
  }

  @AfterAll
  static void stop() {
    gw.close();
  }

  private static HttpResponse<String> publish(String topic, String who, int messages) {
    JsonArray items = new JsonArray();
    for (int i = 0; i < messages; i++) {
      items.add(new JsonObject().put("data", new JsonObject().put("i", i)));
    }
    return gw.post("/v1/topics/" + topic + "/messages", items.encode(), Map.of("Authorization", "Bearer " + token(who)));
  }

  @Test
  void aPrincipalPastItsRateGets429AndOthersAreNotAffected() {
    String topic = GatewayFixture.topic(1);
    assertThat(publish(topic, "alice", 15).statusCode()).isEqualTo(200);
    HttpResponse<String> over = publish(topic, "alice", 10);
    assertThat(over.statusCode()).isEqualTo(429);
    assertThat(new JsonObject(over.body()).getString("code")).isEqualTo("rate_limited");
    assertThat(over.headers().firstValue("Retry-After")).contains("1");
    assertThat(publish(topic, "bob", 10).statusCode()).as("another principal").isEqualTo(200);
    assertThat(publish(topic, "carol", PER_SECOND + 1).statusCode()).as("a batch above a second's worth").isEqualTo(429);
    assertThat(Poll.within(WAIT, () -> publish(topic, "alice", 10).statusCode() == 200)).as("alice after a while").isTrue();
    assertThat(gw.metric("logcast_limit_rejections_total{kind=\"publish_rate\"")).isGreaterThanOrEqualTo(2);
  }
}
