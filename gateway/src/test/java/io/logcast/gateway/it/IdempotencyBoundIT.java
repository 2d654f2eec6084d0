package io.logcast.gateway.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.logcast.gateway.GatewayFixture;
import io.vertx.core.json.JsonObject;
import java.net.http.HttpResponse;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** session.maxIdempotencyKeysPerMember: past it new keys are refused, and nothing else is. */
class IdempotencyBoundIT {
  private static final int MAX_KEYS = 100;
  private static GatewayFixture gw;

  @BeforeAll
  static void start() {
    gw = GatewayFixture.start(Map.of("session.maxIdempotencyKeysPerMember", Integer.toString(MAX_KEYS)));
  }

  @AfterAll
  static void stop() {
    gw.close();
  }

  @Test
  void pastTheKeyBoundNewKeysGet503WhileHeldKeysAndUnkeyedPublishesStillWork() {
    String topic = GatewayFixture.topic(1);
    String path = "/v1/topics/" + topic + "/messages";
    Map<Integer, HttpResponse<String>> answers = new LinkedHashMap<>();
    for (int i = 0; i < MAX_KEYS + 10; i++) {
      answers.put(i, gw.post(path, "{\"data\":" + i + "}", Map.of("Idempotency-Key", "bound-" + i)));
    }
    List<Integer> refused = answers.entrySet().stream().filter(e -> e.getValue().statusCode() != 200)
        .map(Map.Entry::getKey).toList();
    assertThat(refused).as("new keys refused past the bound").isNotEmpty();
    int first = refused.get(0);
    assertThat(first).isEqualTo(MAX_KEYS);
    assertThat(refused).as("every new key after the first refused").containsExactlyElementsOf(
        IntStream.range(first, MAX_KEYS + 10).boxed().toList());
    HttpResponse<String> full = answers.get(first);
    assertThat(full.statusCode()).isEqualTo(503);
    assertThat(new JsonObject(full.body()).getString("code")).isEqualTo("unavailable");
    assertThat(new JsonObject(full.body()).getString("message")).contains("idempotency keys");
    // a retry of a held key is answered with its first result, and writes nothing
    HttpResponse<String> retry = gw.post(path, "{\"data\":0}", Map.of("Idempotency-Key", "bound-0"));
    assertThat(retry.statusCode()).isEqualTo(200);
    assertThat(new JsonObject(retry.body())).isEqualTo(new JsonObject(answers.get(0).body()));
    assertThat(gw.post(path, "{\"data\":\"no key\"}", Map.of()).statusCode()).isEqualTo(200);
    assertThat(gw.metric("logcast_limit_rejections_total{kind=\"idempotency_keys\"")).isGreaterThanOrEqualTo(1);
  }
}
