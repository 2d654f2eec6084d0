package io.logcast.gateway.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import io.logcast.testkit.FreePort;
import io.logcast.testkit.GatewayCluster;
import io.logcast.testkit.GatewayProcess;
import io.logcast.testkit.KafkaBroker;
import io.logcast.testkit.Poll;
import io.logcast.testkit.Signals;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Idempotency keys when the instance holding a keyed publish is SIGKILLed (docs/protocol.md §9,
 * "The instance died … while publishing"): two gateway JVMs with embedded Hazelcast members behind
 * nginx, on a broker of this class's own (it is frozen with SIGSTOP, which the shared broker cannot
 * be). The first attempt goes straight to instance A and is held by the frozen broker; A dies; the
 * client retries with the same key through nginx until the answer is not 503. Oracle: the answer is
 * 200 and names the offset of the one record in the topic that carries the key's
 * {@code logcast-idempotency} header (records counted, duplicates included), and a further retry
 * answers the same offset.
 *
 * <p>"In flight" is observed, not guessed: while the broker is frozen, the produce request sits in
 * its socket's receive queue (/proc/net/tcp), so the test waits until the request's bytes are there.
 */
class IdempotencyKillIT {
  private static final Logger LOG = LoggerFactory.getLogger(IdempotencyKillIT.class);
  private static final String HEADER = "logcast-idempotency";
  private static final int INSTANCES = 2;
  private static final int VICTIM = 0;
  // delivery timeout: A must not answer 503 by itself before it is killed (its producer's request
  // timeout is (6000 - 5) / 2 ms); the key's lease is 2 x 6 s + 5 s = 17 s
  private static final long PUBLISH_TIMEOUT_MS = 6_000;
  // the payload is incompressible and this large, so its bytes queued at the broker are the produce request's
  private static final int PAYLOAD_BYTES = 8_192;
  private static final Duration RETRY_FOR = Duration.ofSeconds(90);
  private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(30);
  private static final Set<Integer> RETRYABLE = Set.of(502, 503, 504);

  private static KafkaBroker broker;
  private static GatewayCluster cluster;
  private static final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
      .connectTimeout(Duration.ofSeconds(5)).build();

  @BeforeAll
  static void start() {
    broker = KafkaBroker.start(KafkaBroker.Options.defaults());
    cluster = GatewayCluster.start(new GatewayCluster.Options(INSTANCES, FreePort.range(1),
        FreePort.range(INSTANCES), FreePort.range(INSTANCES), FreePort.range(INSTANCES),
        broker.bootstrapServers(), Map.of("LOGCAST_SERVER_EVENT_LOOPS", "1",
            "LOGCAST_PUBLISH_TIMEOUT_MS", Long.toString(PUBLISH_TIMEOUT_MS), "LOGCAST_PUBLISH_LINGER_MS", "5"),
        List.of(), Path.of("target", "idempotency-kill-it").toAbsolutePath()));
  }

  @AfterAll
  static void stop() {
    if (broker != null) {
      Signals.send(broker.pid(), "CONT");
    }
    if (cluster != null) {
      cluster.close();
    }
    if (broker != null) {
      broker.close();
    }
  }

  /** Each case kills instance A: bring back what an earlier case killed. */
  @BeforeEach
  void allInstancesUp() {
    for (int i = 0; i < cluster.size(); i++) {
      if (!cluster.instance(i).isAlive()) {
        cluster.restart(i);
      }
    }
  }

  @Test
  void killedWhileTheBrokerHoldsThePublishThenRetriesThroughNginxGetTheOneRecord() throws Exception {
    String topic = "lc-idem-kill-held";
    String key = "order-" + UUID.randomUUID();
    String body = body();
    GatewayProcess a = cluster.instance(VICTIM);
    warm(a, topic);

    CompletableFuture<HttpResponse<String>> first;
    long killedAt;
    Signals.send(broker.pid(), "STOP");
    try {
      first = sendToInstanceWhileBrokerFrozen(a, topic, key, body);
      killedAt = System.currentTimeMillis();
      a.kill();
      assertThat(a.isAlive()).as("instance A after SIGKILL").isFalse();
      assertConnectionDropped(first);
    } finally {
      Signals.send(broker.pid(), "CONT");
    }

    long offset = retryThroughNginxUntilAnswered(topic, key, body);
    List<ConsumerRecord<byte[], byte[]>> tagged = tagged(topic);
    assertThat(tagged).as("records carrying the key's header (duplicates counted)").hasSize(1);
    assertOne(tagged.get(0), offset);
    // who wrote it: A's held request (appended once the broker resumed, timestamp from before the
    // kill) or the retry (nothing of A's reached the log): either way exactly one record
    LOG.info("the one record at offset {} was written by {}", offset,
        tagged.get(0).timestamp() < killedAt ? "the killed instance's held request" : "the retry");
    assertFurtherRetryAnswers(topic, key, body, offset);
  }

  @Test
  void killedAfterItsWriteReachedKafkaThenRetriesThroughNginxAnswerThatRecord() throws Exception {
    String topic = "lc-idem-kill-written";
    String key = "order-" + UUID.randomUUID();
    String body = body();
    GatewayProcess a = cluster.instance(VICTIM);
    warm(a, topic);

    // deterministic: A's produce request waits in the frozen broker's socket; A is frozen too, then the
    // broker resumes and appends the record (its answer waits in A's socket); then A is SIGKILLed
    // without ever seeing the acknowledgement: the write is in Kafka, its result nowhere.
    CompletableFuture<HttpResponse<String>> first;
    ConsumerRecord<byte[], byte[]> written;
    Signals.send(broker.pid(), "STOP");
    boolean brokerFrozen = true;
    try {
      first = sendToInstanceWhileBrokerFrozen(a, topic, key, body);
      Signals.send(a.pid(), "STOP");
      Signals.send(broker.pid(), "CONT");
      brokerFrozen = false;
      List<List<ConsumerRecord<byte[], byte[]>>> seen = new ArrayList<>();
      assertThat(Poll.within(Duration.ofSeconds(30), () -> {
        List<ConsumerRecord<byte[], byte[]>> t = tagged(topic);
        seen.add(t);
        return !t.isEmpty();
      })).as("A's record appended while A is frozen").isTrue();
      written = seen.get(seen.size() - 1).get(0);
      assertThat(first).as("A is frozen: the client has no answer").isNotDone();
      a.kill();
      assertThat(a.isAlive()).as("instance A after SIGKILL").isFalse();
      assertConnectionDropped(first);
    } finally {
      if (brokerFrozen) {
        Signals.send(broker.pid(), "CONT");
      }
    }

    long offset = retryThroughNginxUntilAnswered(topic, key, body);
    assertThat(offset).as("the retry's answer: the offset A wrote").isEqualTo(written.offset());
    List<ConsumerRecord<byte[], byte[]>> tagged = tagged(topic);
    assertThat(tagged).as("records carrying the key's header (duplicates counted)").hasSize(1);
    assertOne(tagged.get(0), offset);
    assertFurtherRetryAnswers(topic, key, body, offset);
  }

  /** Topic created; A's producer and catalog know it (a publish without a key), so the keyed one goes straight out. */
  private static void warm(GatewayProcess a, String topic) throws Exception {
    broker.createTopic(topic, 1);
    HttpResponse<String> res = post(instanceUrl(a), topic, null, "{\"data\":\"warm\"}").get(60, TimeUnit.SECONDS);
    assertThat(res.statusCode()).as(res.body()).isEqualTo(200);
  }

  /**
   * With the broker frozen: sends the keyed publish to instance A (not through nginx) and returns
   * once its produce request is queued at the broker, unanswered.
   */
  private static CompletableFuture<HttpResponse<String>> sendToInstanceWhileBrokerFrozen(GatewayProcess a,
      String topic, String key, String body) {
    long before = BrokerProbe.queuedBytes(broker.port());
    CompletableFuture<HttpResponse<String>> first = post(instanceUrl(a), topic, key, body);
    long[] queued = new long[1];
    boolean held = Poll.within(Duration.ofSeconds(20), () -> {
      queued[0] = BrokerProbe.queuedBytes(broker.port());
      return queued[0] - before >= PAYLOAD_BYTES || first.isDone();
    });
    assertThat(first).as("the keyed publish while the broker is frozen").isNotDone();
    assertThat(held).as("the produce request queued at the frozen broker (%d bytes before, %d now)", before,
        queued[0]).isTrue();
    return first;
  }

  /** The client of the killed instance sees its connection drop, not an answer. */
  private static void assertConnectionDropped(CompletableFuture<HttpResponse<String>> first) {
    try {
      HttpResponse<String> res = first.get(20, TimeUnit.SECONDS);
      throw new AssertionError("the killed instance answered: " + res.statusCode() + " " + res.body());
    } catch (ExecutionException e) {
      assertThat(e.getCause()).as("the first attempt's failure").isInstanceOf(IOException.class);
    } catch (InterruptedException | java.util.concurrent.TimeoutException e) {
      throw new AssertionError("the first attempt neither answered nor failed within 20 s", e);
    }
  }

  /** Retries with the same key through nginx until the answer is not 503 (bounded); returns its offset. */
  private static long retryThroughNginxUntilAnswered(String topic, String key, String body) {
    long t0 = System.nanoTime();
    List<String> attempts = new ArrayList<>();
    HttpResponse<String>[] last = newResponseHolder();
    boolean answered = Poll.within(RETRY_FOR, () -> {
      try {
        HttpResponse<String> res = post(cluster.httpUrl(), topic, key, body).get(REQUEST_TIMEOUT.toSeconds() + 5,
            TimeUnit.SECONDS);
        last[0] = res;
        attempts.add(res.statusCode() + " via " + res.headers().firstValue("x-logcast-upstream").orElse("?"));
        return !RETRYABLE.contains(res.statusCode());
      } catch (ExecutionException | java.util.concurrent.TimeoutException e) {
        attempts.add(e.toString());
        return false;
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException(e);
      }
    });
    LOG.info("retries of {} through nginx: {} in {} ms", key, attempts,
        TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0));
    assertThat(answered).as("an answer other than 503 within %s; attempts: %s", RETRY_FOR, attempts).isTrue();
    HttpResponse<String> res = last[0];
    assertThat(res.statusCode()).as("the retry's answer: %s; attempts: %s", res.body(), attempts).isEqualTo(200);
    JsonObject answer = new JsonObject(res.body());
    assertThat(answer.getInteger("partition")).as(res.body()).isEqualTo(0);
    assertThat(answer.getLong("offset")).as(res.body()).isNotNull();
    return answer.getLong("offset");
  }

  private static void assertFurtherRetryAnswers(String topic, String key, String body, long offset) throws Exception {
    HttpResponse<String> again = post(cluster.httpUrl(), topic, key, body).get(60, TimeUnit.SECONDS);
    assertThat(again.statusCode()).as(again.body()).isEqualTo(200);
    assertThat(new JsonObject(again.body()).getLong("offset")).as("a further retry's offset").isEqualTo(offset);
    assertThat(tagged(topic)).as("records carrying the key's header after the further retry").hasSize(1);
  }

  private static void assertOne(ConsumerRecord<byte[], byte[]> r, long offset) {
    assertThat(r.partition()).isZero();
    assertThat(r.offset()).as("the record's offset is the answer's").isEqualTo(offset);
    assertThat(new String(r.headers().lastHeader(HEADER).value(), StandardCharsets.UTF_8))
        .as("the header names item 0").endsWith(":0");
  }

  @SuppressWarnings("unchecked")
  private static HttpResponse<String>[] newResponseHolder() {
    return new HttpResponse[1];
  }

  private static String instanceUrl(GatewayProcess g) {
    return "http://127.0.0.1:" + g.spec().port();
  }

  private static CompletableFuture<HttpResponse<String>> post(String base, String topic, String key, String body) {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + "/v1/topics/" + topic + "/messages"))
        .timeout(REQUEST_TIMEOUT).header("content-type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(body));
    if (key != null) {
      b.header("Idempotency-Key", key);
    }
    return http.sendAsync(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  /** An incompressible JSON payload of {@link #PAYLOAD_BYTES}. */
  private static String body() {
    byte[] random = new byte[PAYLOAD_BYTES / 2];
    ThreadLocalRandom.current().nextBytes(random);
    return "{\"data\":\"" + HexFormat.of().formatHex(random) + "\"}";
  }

  private static List<ConsumerRecord<byte[], byte[]>> tagged(String topic) {
    return BrokerProbe.tagged(broker.bootstrapServers(), topic, HEADER);
  }
}
