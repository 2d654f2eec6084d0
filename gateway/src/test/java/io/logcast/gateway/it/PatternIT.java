package io.logcast.gateway.it;

import static io.logcast.gateway.GatewayFixture.WAIT;
import static org.assertj.core.api.Assertions.assertThat;

import io.logcast.gateway.GatewayFixture;
import io.logcast.testkit.Poll;
import io.logcast.testkit.ProtocolClient;
import io.logcast.testkit.SharedKafka;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Pattern subscriptions against the real broker: the topics that match are subscribed, a topic
 * created later is picked up from its start, a resume restores the pattern (and topics created
 * while away), and unsubscribing the pattern ends every topic it took.
 */
class PatternIT {
  private static GatewayFixture gw;

  @BeforeAll
  static void start() {
    gw = GatewayFixture.start(Map.of("live.topicCheckMs", "1000"));
  }

  @AfterAll
  static void stop() {
    gw.close();
  }

  /** Writes {@code n} records to {@code topic}; their "topic/partition@offset" positions. */
  private static Set<String> write(String topic, int n) {
    Set<String> out = new HashSet<>();
    for (int i = 0; i < n; i++) {
      RecordMetadata md = gw.produce(topic, "k" + i, "{\"i\":" + i + "}");
      out.add(topic + "/" + md.partition() + "@" + md.offset());
    }
    return out;
  }

  private static Set<String> received(ProtocolClient c, int[] dup) {
    Set<String> seen = new HashSet<>();
    for (JsonObject m : GatewayFixture.ofType(c.received(), "message")) {
      if (!seen.add(m.getString("topic") + "/" + m.getInteger("partition") + "@" + m.getLong("offset"))) {
        dup[0]++;
      }
    }
    return seen;
  }

  private static String create(String base, String suffix, int partitions) {
    String t = base + "." + suffix;
    GatewayFixture.broker().createTopic(t, partitions);
    return t;
  }

  @Test
  void aPatternTakesEveryMatchingTopicIncludingOnesCreatedLaterAndAfterAResume() {
    String base = SharedKafka.uniqueTopic("lc-pat");
    String a = create(base, "a", 2);
    String b = create(base, "b", 1);
    Set<String> expected = new HashSet<>(write(a, 10));
    expected.addAll(write(b, 5));
    JsonObject welcome;
    try (ProtocolClient c = gw.connect()) {
      welcome = c.hello();
      c.send(new JsonObject().put("type", "subscribe").put("id", 1).put("pattern", base + ".*").put("from", "earliest"));
      JsonObject reply = c.await(o -> "subscribed".equals(o.getString("type")) && Long.valueOf(1).equals(o.getLong("id")),
          WAIT);
      assertThat(reply.getString("pattern")).isEqualTo(base + ".*");
      assertThat(reply.getJsonArray("topics")).isEqualTo(new JsonArray().add(a).add(b));
      // a topic created now is found within live.topicCheckMs and read from its start
      String later = create(base, "c", 1);
      expected.addAll(write(later, 7));
      expected.addAll(write(a, 3));
      assertThat(Poll.within(WAIT, () -> received(c, new int[1]).containsAll(expected)))
          .as("missing %s", missing(expected, c)).isTrue();
      int[] dup = {0};
      assertThat(received(c, dup)).isEqualTo(expected);
      assertThat(dup[0]).isZero();
      assertThat(GatewayFixture.ofType(c.received(), "subscribed").stream().filter(o -> later.equals(o.getString("topic"))))
          .singleElement().satisfies(s -> assertThat(s.getBoolean("recovered")).isTrue());
    }

    // away: records on the topics it had, and a new topic; the resume brings all of it, once
    Set<String> whileAway = new HashSet<>(write(b, 4));
    String away = create(base, "d", 1);
    whileAway.addAll(write(away, 6));
    try (ProtocolClient c = gw.connect()) {
      c.send(new JsonObject().put("type", "hello").putNull("token").put("resume", new JsonObject()
          .put("session", welcome.getString("session")).put("secret", welcome.getString("secret"))
          .put("subscriptions", new JsonArray())));
      assertThat(c.awaitType("welcome", WAIT).getBoolean("resumed")).isTrue();
      assertThat(Poll.within(WAIT, () -> received(c, new int[1]).containsAll(whileAway)))
          .as("missing %s", missing(whileAway, c)).isTrue();

      // unsubscribing the pattern ends every topic it took: nothing more comes
      c.send(new JsonObject().put("type", "unsubscribe").put("id", 9).put("pattern", base + ".*"));
      c.await(o -> "unsubscribed".equals(o.getString("type")) && Long.valueOf(9).equals(o.getLong("id")), WAIT);
      int before = GatewayFixture.ofType(c.received(), "message").size();
      write(a, 3);
      write(away, 3);
      gw.produce(b, "x", "1");
      c.send(new JsonObject().put("type", "ping"));
      c.awaitType("pong", WAIT);
      assertThat(Poll.within(java.time.Duration.ofSeconds(2), () -> GatewayFixture.ofType(c.received(), "message").size()
          > before)).as("messages after the unsubscribe").isFalse();
    }
  }

  @Test
  void badPatternRequestsAreRefused() {
    try (ProtocolClient c = gw.client()) {
      for (JsonObject bad : List.of(
          new JsonObject().put("type", "subscribe").put("id", 1).put("pattern", "lc-no-star"),
          new JsonObject().put("type", "subscribe").put("id", 2).put("pattern", "lc-*").put("topic", "lc-x"),
          new JsonObject().put("type", "subscribe").put("id", 3).put("pattern", "lc-$*"),
          new JsonObject().put("type", "subscribe").put("id", 4).put("pattern", "lc-zz*")
              .put("from", new JsonObject().put("epoch", "e").put("offsets", new JsonObject())),
          new JsonObject().put("type", "unsubscribe").put("id", 5).put("pattern", "lc-never*"))) {
        c.send(bad);
        JsonObject error = c.await(o -> "error".equals(o.getString("type")) && bad.getLong("id").equals(o.getLong("id")),
            WAIT);
        assertThat(error.getString("code")).as(bad.encode()).isIn("bad_request", "not_found");
      }
    }
  }

  private static Set<String> missing(Set<String> expected, ProtocolClient c) {
    Set<String> m = new HashSet<>(expected);
    m.removeAll(received(c, new int[1]));
    return m;
  }
}
