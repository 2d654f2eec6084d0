package io.logcast.gateway.it;

import static io.logcast.gateway.GatewayFixture.WAIT;
import static io.logcast.gateway.GatewayFixture.subscribe;
import static org.assertj.core.api.Assertions.assertThat;

import io.logcast.gateway.Delivered;
import io.logcast.gateway.GatewayFixture;
import io.logcast.testkit.Poll;
import io.logcast.testkit.ProtocolClient;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.LongStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Retention deletes records while clients are paused (socket full, fed from the log later): a
 * range the client had not been sent is announced as one exact {@code gap}; a range a keyed
 * subscription had already passed (records of other keys, read while it was live) is not.
 */
class RetentionIT {
  private static final String PAD = "{\"pad\":\"" + "p".repeat(400) + "\"}";
  private static GatewayFixture gw;

  @BeforeAll
  static void start() {
    gw = GatewayFixture.start(Map.of("limits.maxOutboundBytes", "16384", "replay.chunkRecords", "50"));
  }

  @AfterAll
  static void stop() {
    gw.close();
  }

  /** Offsets [from, to) of partition 0, as "0@offset". */
  private static Set<String> range(long from, long to) {
    return LongStream.range(from, to).mapToObj(o -> "0@" + o).collect(Collectors.toSet());
  }

  private static void write(String topic, long from, long to, long keyA) {
    for (long o = from; o < to; o++) {
      gw.produceAsync(topic, o == keyA ? "a" : "b", ("{\"o\":" + o + "}").getBytes());
    }
    gw.flush();
  }

  private static List<JsonObject> gaps(ProtocolClient c, String topic) {
    return GatewayFixture.ofType(c.received(), "gap").stream().filter(g -> topic.equals(g.getString("topic"))).toList();
  }

  private static Set<String> positionsOf(ProtocolClient c, String topic) {
    return c.received().stream().filter(o -> "message".equals(o.getString("type")) && topic.equals(o.getString("topic")))
        .map(o -> o.getInteger("partition") + "@" + o.getLong("offset")).collect(Collectors.toSet());
  }

  private static long count(ProtocolClient c, String topic) {
    return c.received().stream().filter(o -> "message".equals(o.getString("type")) && topic.equals(o.getString("topic")))
        .count();
  }

  @Test
  void aRangeDeletedWhilePausedIsOneExactGapAndARangeAKeyedSubscriptionPassedIsNone() throws Exception {
    // behind: deleted past where the clients paused (a real loss); passed: deleted up to that point
    String behind = GatewayFixture.topic(1);
    String passed = GatewayFixture.topic(1);
    String ballast = GatewayFixture.topic(1);
    try (ProtocolClient whole = gw.client(); ProtocolClient keyed = gw.client(); ProtocolClient probe = gw.client()) {
      for (String t : List.of(behind, passed)) {
        subscribe(whole, subscribeId(t, behind), t, null, "latest");
        subscribe(keyed, subscribeId(t, behind), t, "a", "latest");
        subscribe(probe, subscribeId(t, behind), t, null, "latest");
      }
      subscribe(whole, 3, ballast, null, "latest");
      subscribe(keyed, 3, ballast, null, "latest");
      // offset 0 has key a, 1..99 key b: the keyed subscription's last record is at 0
      write(behind, 0, 100, 0);
      write(passed, 0, 100, 0);
      assertThat(Poll.within(WAIT, () -> count(whole, behind) == 100 && count(whole, passed) == 100
          && count(probe, behind) == 100 && count(probe, passed) == 100 && count(keyed, passed) == 1
          && count(keyed, behind) == 1)).as("the first 100 records, live").isTrue();

      whole.pause();
      keyed.pause();
      double demotedBefore = gw.metric("logcast_clients_demoted_total");
      for (int i = 0; i < 2_000 && gw.metric("logcast_clients_demoted_total") < demotedBefore + 2; i++) {
        for (int j = 0; j < 50; j++) {
          gw.produceAsync(ballast, "k", PAD.getBytes());
        }
        gw.flush();
      }
      assertThat(gw.metric("logcast_clients_demoted_total")).as("both paused clients left the live stream")
          .isGreaterThanOrEqualTo(demotedBefore + 2);

      // while they are paused (at offset 100 of both topics): 150 more, key a at 120 and 200
      write(behind, 100, 250, 200);
      write(passed, 100, 250, 120);
      assertThat(Poll.within(WAIT, () -> count(probe, behind) == 250 && count(probe, passed) == 250)).isTrue();
      GatewayFixture.broker().deleteRecordsBefore(behind, 0, 150);
      GatewayFixture.broker().deleteRecordsBefore(passed, 0, 100);
      whole.resume();
      keyed.resume();

      assertThat(Poll.within(WAIT, () -> count(whole, behind) == 200 && count(whole, passed) == 250
          && count(keyed, behind) == 2 && count(keyed, passed) == 2)).as("delivered after the resume").isTrue();
      Delivered.settle();
      // the whole-topic subscription: 0..99 live, a gap of exactly 100..149, then 150..249
      assertThat(positionsOf(whole, behind)).isEqualTo(union(range(0, 100), range(150, 250)));
      assertThat(gaps(whole, behind)).singleElement().satisfies(g -> {
        assertThat(g.getLong("from")).isEqualTo(100);
        assertThat(g.getLong("to")).isEqualTo(150);
        assertThat(g.getString("reason")).isEqualTo("retention");
      });
      // keyed: the deleted range was not read by it, so it may have held key a: one gap, the same range
      assertThat(positionsOf(keyed, behind)).isEqualTo(Set.of("0@0", "0@200"));
      assertThat(gaps(keyed, behind)).singleElement().satisfies(g -> {
        assertThat(g.getString("key")).isEqualTo("a");
        assertThat(g.getLong("from")).isEqualTo(100);
        assertThat(g.getLong("to")).isEqualTo(150);
      });
      // deleted only below where both had been: nothing missed, so no gap (the keyed one's last match was 0)
      assertThat(positionsOf(whole, passed)).isEqualTo(range(0, 250));
      assertThat(positionsOf(keyed, passed)).isEqualTo(Set.of("0@0", "0@120"));
      assertThat(gaps(whole, passed)).isEmpty();
      assertThat(gaps(keyed, passed)).isEmpty();
      for (ProtocolClient c : List.of(whole, keyed)) {
        assertThat(c.received().stream().filter(o -> "message".equals(o.getString("type")))
            .map(o -> o.getString("topic") + "/" + o.getInteger("partition") + "@" + o.getLong("offset")))
            .as("no (topic, partition, offset) twice").doesNotHaveDuplicates();
      }
    }
  }

  private static int subscribeId(String topic, String first) {
    return topic.equals(first) ? 1 : 2;
  }

  private static Set<String> union(Set<String> a, Set<String> b) {
    return Stream.concat(a.stream(), b.stream()).collect(Collectors.toSet());
  }

}
