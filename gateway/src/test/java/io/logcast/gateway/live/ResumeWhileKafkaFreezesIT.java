package io.logcast.gateway.live;

import static org.assertj.core.api.Assertions.assertThat;

import io.logcast.gateway.GatewayFixture;
import io.logcast.gateway.node.Node;
import io.logcast.testkit.KafkaCluster;
import io.logcast.testkit.Poll;
import io.logcast.testkit.ProtocolClient;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A resume while the broker does not answer (SIGSTOP, sockets open: what ClusterIT's loaded
 * broker did for ~7 s during its rolling restart). The session is in the store, so the welcome
 * says {@code resumed:true}; restoring the subscription then needs Kafka (the log's bounds, the
 * topic not being live on the instance any more), which times out. The protocol promises that a
 * resumed subscription misses nothing: the client must get its records later, or be closed so
 * that it resumes again — never be left open, subscribed to nothing, with only an id-less error.
 */
class ResumeWhileKafkaFreezesIT {
  private static final Duration WAIT = Duration.ofSeconds(30);
  private static KafkaCluster kafka;
  private static GatewayFixture gateway;

  @BeforeAll
  static void start() {
    // this class's own broker: it is frozen with SIGSTOP, which the shared one cannot be
    kafka = KafkaCluster.start(1);
    gateway = GatewayFixture.start(Map.of("kafka.bootstrapServers", kafka.bootstrapServers(),
        "server.eventLoops", "1"), new Node.Options(false));
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

  @Test
  void aSubscriptionRestoredWhileKafkaDoesNotAnswerIsNotDroppedSilently() throws Exception {
    String topic = "lc-resume-frozen";
    kafka.createTopic(topic, 1);
    ProtocolClient first = gateway.connect();
    JsonObject welcome = first.hello();
    JsonObject subscribed = GatewayFixture.subscribe(first, 1, topic, "k", "latest");
    assertThat(subscribed.getString("type")).isEqualTo("subscribed");
    gateway.produce(topic, "k", "{\"n\":1}");
    long next = first.awaitType("message", WAIT).getLong("offset") + 1;
    first.close();
    // the topic's only subscriber is gone: the live reader drops it, so the restore has to ask
    // Kafka where the log is instead of using this instance's live position
    Thread.sleep(2_000);

    kafka.pause(1);
    ProtocolClient second;
    JsonObject restored;
    try {
      second = gateway.connect();
      second.send(resume(welcome, topic, subscribed.getString("epoch"), next));
      assertThat(second.awaitType("welcome", WAIT).getBoolean("resumed")).isTrue();
      // the Admin client's look-ups give up after 10 s (TopicCatalog's default.api.timeout.ms)
      restored = restoreAnswer(second);
    } finally {
      kafka.resume(1);
    }

    gateway.produce(topic, "k", "{\"n\":2}");
    // the record written after the resume reaches the client, or the client was told to come back
    Poll.within(WAIT, () -> second.isClosed() || got(second, next));
    assertThat(second.isClosed() || got(second, next))
        .as("resumed subscription restored as %s; the client got %s", restored, second.received()).isTrue();
    if (second.isClosed()) {
      assertThat(second.awaitClose(WAIT)).as("try again later").isEqualTo(1013);
      // it comes back as told, Kafka answering again: the record is delivered, nothing was skipped
      try (ProtocolClient third = gateway.connect()) {
        third.send(resume(welcome, topic, subscribed.getString("epoch"), next));
        assertThat(third.awaitType("welcome", WAIT).getBoolean("resumed")).isTrue();
        assertThat(Poll.within(WAIT, () -> got(third, next))).as("%s", third.received()).isTrue();
      }
    }
    second.close();
  }

  private static boolean got(ProtocolClient c, long offset) {
    return c.received().stream().anyMatch(o -> "message".equals(o.getString("type")) && o.getLong("offset") == offset);
  }

  private static JsonObject resume(JsonObject welcome, String topic, String epoch, long next) {
    return new JsonObject().put("type", "hello").putNull("token").put("resume", new JsonObject()
        .put("session", welcome.getString("session")).put("secret", welcome.getString("secret"))
        .put("subscriptions", new JsonArray().add(new JsonObject().put("topic", topic).put("key", "k")
            .put("epoch", epoch).put("offsets", new JsonObject().put("0", next)))));
  }

  /** The restored subscription's {@code subscribed} or {@code error}; null if the connection was closed instead. */
  private static JsonObject restoreAnswer(ProtocolClient c) {
    try {
      return c.await(o -> "subscribed".equals(o.getString("type")) || "error".equals(o.getString("type")), WAIT);
    } catch (AssertionError e) {
      if (c.isClosed()) {
        return null;
      }
      throw e;
    }
  }
}
