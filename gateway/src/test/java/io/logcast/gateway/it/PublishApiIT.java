package io.logcast.gateway.it;

import static io.logcast.gateway.GatewayFixture.WAIT;
import static io.logcast.gateway.GatewayFixture.subscribe;
import static org.assertj.core.api.Assertions.assertThat;

import io.logcast.gateway.GatewayFixture;
import io.logcast.testkit.ProtocolClient;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.http.HttpResponse;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class PublishApiIT {
  private static GatewayFixture gw;

  @BeforeAll
  static void start() {
    gw = GatewayFixture.start(Map.of("limits.maxHttpBodyBytes", "2048", "limits.maxPublishBatch", "10"));
  }

  @AfterAll
  static void stop() {
    gw.close();
  }

  private static HttpResponse<String> post(String topic, String body) {
    return gw.post("/v1/topics/" + topic + "/messages", body, Map.of());
  }

  private static String code(HttpResponse<String> res) {
    return new JsonObject(res.body()).getString("code");
  }

  @Test
  void arrayPublishReturnsOneResultPerMessageInOrder() {
    String topic = GatewayFixture.topic(1);
    HttpResponse<String> res = post(topic, "[{\"data\":1},{\"data\":2,\"key\":\"a\"},{\"data\":\"x\"}]");
    assertThat(res.statusCode()).isEqualTo(200);
    JsonArray results = new JsonArray(res.body());
    assertThat(results).hasSize(3);
    assertThat(results.getJsonObject(0).getLong("offset")).isEqualTo(0);
    assertThat(results.getJsonObject(2).getLong("offset")).isEqualTo(2);
    assertThat(results.getJsonObject(0).getString("topic")).isEqualTo(topic);
  }

  @Test
  void badRequestsGetStatusAndErrorObject() {
    String topic = GatewayFixture.topic(1);
    assertThat(post(topic, "{nope").statusCode()).isEqualTo(400);
    assertThat(code(post(topic, "{nope"))).isEqualTo("bad_request");
    assertThat(post(topic, "{\"key\":\"k\"}").statusCode()).isEqualTo(400);
    assertThat(post(topic, "[]").statusCode()).isEqualTo(400);
    assertThat(post(topic, "42").statusCode()).isEqualTo(400);
    assertThat(post(topic, "{\"data\":1,\"key\":5}").statusCode()).isEqualTo(400);
    assertThat(post("lc-no-such-topic", "{\"data\":1}").statusCode()).isEqualTo(404);
    assertThat(code(post("lc-no-such-topic", "{\"data\":1}"))).isEqualTo("not_found");
    assertThat(post("private", "{\"data\":1}").statusCode()).isEqualTo(403);
    HttpResponse<String> big = post(topic, "{\"data\":\"" + "x".repeat(4_000) + "\"}");
    assertThat(big.statusCode()).isEqualTo(413);
    assertThat(code(big)).isEqualTo("limit_exceeded");
    HttpResponse<String> many = post(topic, new JsonArray(java.util.Collections.nCopies(11, new JsonObject().put("data", 1))).encode());
    assertThat(many.statusCode()).isEqualTo(413);
  }

  @Test
  void repeatedIdempotencyKeyReturnsFirstResultAndWritesOnce() {
    String topic = GatewayFixture.topic(1);
    Map<String, String> key = Map.of("Idempotency-Key", "abc-123");
    try (ProtocolClient c = gw.client()) {
      subscribe(c, 1, topic, null, "earliest");
      HttpResponse<String> first = gw.post("/v1/topics/" + topic + "/messages", "{\"data\":\"once\"}", key);
      HttpResponse<String> second = gw.post("/v1/topics/" + topic + "/messages", "{\"data\":\"once\"}", key);
      assertThat(first.statusCode()).isEqualTo(200);
      assertThat(second.statusCode()).isEqualTo(200);
      assertThat(new JsonObject(second.body())).isEqualTo(new JsonObject(first.body()));
      // a different key writes again; the subscriber sees exactly two records
      gw.post("/v1/topics/" + topic + "/messages", "{\"data\":\"twice\"}", Map.of("Idempotency-Key", "other"));
      assertThat(c.awaitMessages(2, WAIT)).extracting(m -> m.getString("data")).containsExactly("once", "twice");
      assertThat(GatewayFixture.ofType(c.received(), "message")).hasSize(2);
    }
  }

  @Test
  void managementPortServesHealthAndMetrics() {
    String base = "http://127.0.0.1:" + gw.node().managementPort();
    assertThat(gw.get(base + "/health/live").statusCode()).isEqualTo(200);
    HttpResponse<String> ready = gw.get(base + "/health/ready");
    assertThat(ready.statusCode()).isEqualTo(200);
    assertThat(new JsonObject(ready.body()).getJsonObject("checks").getString("kafka")).isEqualTo("UP");
    assertThat(gw.get(base + "/metrics").body()).contains("logcast_connections");
  }
}
