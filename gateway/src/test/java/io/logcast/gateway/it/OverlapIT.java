package io.logcast.gateway.it;

import static io.logcast.gateway.GatewayFixture.WAIT;
import static io.logcast.gateway.GatewayFixture.subscribe;
import static org.assertj.core.api.Assertions.assertThat;

import io.logcast.gateway.GatewayFixture;
import io.logcast.testkit.Poll;
import io.logcast.testkit.ProtocolClient;
import io.vertx.core.json.JsonObject;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A whole-topic and a keyed subscription of one topic on one connection, against the real broker:
 * each receives exactly its records once (the whole topic's caught up from the log while the keyed
 * one is live, then both live), and a record both want while live is written once, marked "both".
 */
class OverlapIT {
  private static GatewayFixture gw;

  @BeforeAll
  static void start() {
    gw = GatewayFixture.start(Map.of("replay.chunkRecords", "20"));
  }

  @AfterAll
  static void stop() {
    gw.close();
  }

  private static String pos(JsonObject m) {
    return m.getInteger("partition") + "@" + m.getLong("offset");
  }

  /** Positions of the messages for one subscription; {@code dup[0]} counts any that came twice for it. */
  private static Set<String> routed(List<JsonObject> messages, Predicate<JsonObject> forIt, int[] dup) {
    Set<String> seen = new HashSet<>();
    messages.stream().filter(forIt).forEach(m -> {
      if (!seen.add(pos(m))) {
        dup[0]++;
      }
    });
    return seen;
  }

  private static void write(String topic, int from, int n, Set<String> all, Set<String> keyA) {
    for (int i = from; i < from + n; i++) {
      String key = i % 3 == 0 ? "a" : i % 3 == 1 ? "b" : null;
      RecordMetadata md = gw.produce(topic, key, "{\"i\":" + i + "}");
      all.add(md.partition() + "@" + md.offset());
      if ("a".equals(key)) {
        keyA.add(md.partition() + "@" + md.offset());
      }
    }
  }

  @Test
  void eachSubscriptionGetsItsRecordsOnceAndARecordBothWantLiveIsWrittenOnce() {
    String topic = GatewayFixture.topic(2);
    Set<String> all = new HashSet<>();
    Set<String> keyA = new HashSet<>();
    write(topic, 0, 60, all, keyA);
    try (ProtocolClient c = gw.client()) {
      // the keyed one live from now, the whole topic from the start of the log: apart at first
      assertThat(subscribe(c, 1, topic, "a", "latest").getString("type")).isEqualTo("subscribed");
      assertThat(subscribe(c, 2, topic, null, "earliest").getString("type")).isEqualTo("subscribed");
      Set<String> liveA = new HashSet<>();
      write(topic, 60, 60, all, liveA);
      keyA.addAll(liveA);
      Predicate<JsonObject> whole = m -> !"key".equals(m.getString("for"));
      Predicate<JsonObject> keyed = m -> "a".equals(m.getString("key"))
          && ("both".equals(m.getString("for")) || "key".equals(m.getString("for")));
      assertThat(Poll.within(WAIT, () -> routed(GatewayFixture.ofType(c.received(), "message"), whole, new int[1])
          .size() >= all.size() && routed(GatewayFixture.ofType(c.received(), "message"), keyed, new int[1])
          .size() >= liveA.size())).isTrue();

      // both live now: records of key a are written once each, for both
      Set<String> both = new HashSet<>();
      write(topic, 120, 30, all, both);
      keyA.addAll(both);
      liveA.addAll(both);
      assertThat(Poll.within(WAIT, () -> routed(GatewayFixture.ofType(c.received(), "message"), whole, new int[1])
          .size() >= all.size())).isTrue();
      List<JsonObject> messages = GatewayFixture.ofType(c.received(), "message");
      int[] dupWhole = {0};
      int[] dupKeyed = {0};
      assertThat(routed(messages, whole, dupWhole)).isEqualTo(all);
      assertThat(routed(messages, keyed, dupKeyed)).isEqualTo(liveA);
      assertThat(dupWhole[0]).as("duplicates for the whole topic").isZero();
      assertThat(dupKeyed[0]).as("duplicates for key a").isZero();
      // an a-record with no mark would be ambiguous: never sent
      assertThat(messages).noneMatch(m -> "a".equals(m.getString("key")) && m.getString("for") == null);
      // written once on the connection, marked both
      for (String p : both) {
        assertThat(messages.stream().filter(m -> pos(m).equals(p)).map(m -> m.getString("for")).toList())
            .as(p).containsExactly("both");
      }
      // records of other keys are not marked
      assertThat(messages).filteredOn(m -> !"a".equals(m.getString("key"))).allMatch(m -> m.getString("for") == null);
    }
  }
}
