package io.logcast.gateway.publish;

import static org.assertj.core.api.Assertions.assertThat;

import io.logcast.gateway.GatewayFixture;
import io.logcast.gateway.node.Node;
import io.logcast.testkit.KafkaCluster;
import io.logcast.testkit.Poll;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Idempotency keys while the broker stops answering mid-publish (SIGSTOP, sockets open): the
 * first request's outcome is unknown, so it gets 503 and the key is kept; the retry after the
 * broker is back reads the log and answers the record's offset: exactly one record per key.
 */
class IdempotencyFaultsIT {
  private static KafkaCluster kafka;
  private static GatewayFixture gateway;
  private static int port;
  private static final HttpClient http = HttpClient.newHttpClient();

  @BeforeAll
  static void start() {
    kafka = KafkaCluster.start(1);
    // this class's own broker: it is frozen with SIGSTOP, which the shared one cannot be
    gateway = GatewayFixture.start(Map.of("kafka.bootstrapServers", kafka.bootstrapServers(), "topics.allow", "lc-*",
        "publish.timeoutMs", "3000", "publish.lingerMs", "5"), new Node.Options(false));
    port = gateway.node().port();
  }

  @AfterAll
  static void stop() {
    if (gateway != null) {
      gateway.close();
    }
    if (kafka != null) {
      kafka.close();
    }
  }

  private static CompletableFuture<HttpResponse<String>> post(String topic, String key, String body) {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/v1/topics/" + topic
        + "/messages")).timeout(Duration.ofSeconds(60)).header("content-type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(body));
    if (key != null) {
      b.header("Idempotency-Key", key);
    }
    return http.sendAsync(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  /** Records carrying the gateway's idempotency header, as partition:offset. */
  private static List<String> tagged(String topic) {
    try (KafkaConsumer<byte[], byte[]> c = new KafkaConsumer<>(Map.of("bootstrap.servers", kafka.bootstrapServers()),
        new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
      TopicPartition tp = new TopicPartition(topic, 0);
      c.assign(List.of(tp));
      c.seekToBeginning(List.of(tp));
      long end = c.endOffsets(List.of(tp)).get(tp);
      List<String> out = new ArrayList<>();
      while (c.position(tp) < end) {
        for (ConsumerRecord<byte[], byte[]> r : c.poll(Duration.ofMillis(500))) {
          Header h = r.headers().lastHeader(IdempotencyScope.HEADER);
          if (h != null) {
            out.add(r.partition() + ":" + r.offset() + "=" + new String(h.value(), StandardCharsets.UTF_8));
          }
        }
      }
      return out;
    }
  }

  @Test
  void brokerPausedDuringThePublishThenRetryAnswersTheOneRecord() throws Exception {
    String topic = "lc-idem-paused";
    kafka.createTopic(topic, 1);
    // warm: the topic is known to the catalog and the producer before the broker stops
    assertThat(post(topic, null, "{\"data\":0}").get(30, TimeUnit.SECONDS).statusCode()).isEqualTo(200);
    kafka.pause(1);
    HttpResponse<String> first;
    try {
      first = post(topic, "order-1", "{\"data\":1}").get(60, TimeUnit.SECONDS);
      assertThat(first.statusCode()).isEqualTo(503);
      assertThat(new JsonObject(first.body()).getString("message")).contains("not known");
      // while unknown: another retry is still 503, never a second write
      assertThat(post(topic, "order-1", "{\"data\":1}").get(60, TimeUnit.SECONDS).statusCode()).isEqualTo(503);
    } finally {
      kafka.resume(1);
    }
    // a client retrying with the same key until the outcome is known
    List<HttpResponse<String>> answers = new ArrayList<>();
    Poll.within(Duration.ofSeconds(60), () -> {
      answers.add(post(topic, "order-1", "{\"data\":1}").orTimeout(60, TimeUnit.SECONDS).join());
      return answers.get(answers.size() - 1).statusCode() == 200;
    });
    HttpResponse<String> retry = answers.get(answers.size() - 1);
    assertThat(retry.statusCode()).as(retry.body()).isEqualTo(200);
    long offset = new JsonObject(retry.body()).getLong("offset");
    List<String> records = tagged(topic);
    assertThat(records).hasSize(1);
    assertThat(records.get(0)).startsWith("0:" + offset + "=");
    HttpResponse<String> again = post(topic, "order-1", "{\"data\":1}").get(30, TimeUnit.SECONDS);
    assertThat(new JsonObject(again.body()).getLong("offset")).isEqualTo(offset);
    assertThat(tagged(topic)).hasSize(1);
  }

  @Test
  void theSocketKeyIsLimitedLikeTheHeaderAndAClientCannotForgeTheTag() throws Exception {
    String topic = "lc-idem-limits";
    kafka.createTopic(topic, 1);
    assertThat(post(topic, "x".repeat(257), "{\"data\":1}").get(30, TimeUnit.SECONDS).statusCode()).isEqualTo(400);
    assertThat(post(topic, null, "{\"data\":1,\"headers\":{\"" + IdempotencyScope.HEADER + "\":\"forged:0\"}}")
        .get(30, TimeUnit.SECONDS).statusCode()).isEqualTo(200);
    assertThat(tagged(topic)).isEmpty();
  }
}
