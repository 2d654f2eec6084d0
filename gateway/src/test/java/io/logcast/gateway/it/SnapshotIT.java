package io.logcast.gateway.it;

import static io.logcast.gateway.GatewayFixture.WAIT;
import static io.logcast.gateway.GatewayFixture.subscribe;
import static org.assertj.core.api.Assertions.assertThat;

import io.logcast.gateway.GatewayFixture;
import io.logcast.testkit.Poll;
import io.logcast.testkit.ProtocolClient;
import io.logcast.testkit.SharedKafka;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@code from: "snapshot"} over the socket against the real broker, with writes racing it: the
 * snapshot's records (marked) are the latest per key below the cut, the live records from the cut
 * follow once each, and folding the two gives every key its last value in the log.
 */
class SnapshotIT {
  private static final int KEYS = 2_000;
  private static GatewayFixture gw;

  @BeforeAll
  static void start() {
    gw = GatewayFixture.start(Map.of("snapshot.topics", "lc-snap*"));
  }

  @AfterAll
  static void stop() {
    gw.close();
  }

  private static String compacted(int partitions) throws Exception {
    String t = SharedKafka.uniqueTopic("lc-snap");
    GatewayFixture.broker().createCompactedTopic(t, partitions);
    return t;
  }

  private record Written(String key, int partition, long offset, String value) {}

  private static Written write(String topic, String key, String value) {
    RecordMetadata md = gw.produce(topic, key, value);
    return new Written(key, md.partition(), md.offset(), value);
  }

  @Test
  void aSnapshotThenTheLiveStreamGiveEveryKeyItsLastValueWithNoGapAndNoDuplicate() throws Exception {
    String topic = compacted(3);
    List<Written> log = new ArrayList<>();
    for (int i = 0; i < KEYS; i++) {
      log.add(write(topic, "k" + i, "{\"v\":" + i + "}"));
    }
    log.add(write(topic, "k7", null)); // deleted before the snapshot: not in it
    List<Written> racing = java.util.Collections.synchronizedList(new ArrayList<>());
    AtomicBoolean writing = new AtomicBoolean(true);
    Thread writer = new Thread(() -> {
      for (int i = 0; writing.get() && i < 3_000; i++) {
        racing.add(write(topic, "k" + (i * 7 % KEYS), i % 97 == 0 ? null : "{\"r\":" + i + "}"));
      }
    });
    writer.start();
    try (ProtocolClient c = gw.client()) {
      JsonObject sub = subscribe(c, 1, topic, null, "snapshot");
      assertThat(sub.getString("type")).as(sub.encode()).isEqualTo("subscribed");
      JsonObject done = c.await(o -> "snapshot".equals(o.getString("type")), WAIT);
      writing.set(false);
      writer.join(30_000);
      log.addAll(racing);
      Map<Integer, Long> cut = new HashMap<>();
      sub.getJsonObject("offsets").forEach(e -> cut.put(Integer.parseInt(e.getKey()), ((Number) e.getValue()).longValue()));
      assertThat(done.getJsonObject("offsets")).isEqualTo(sub.getJsonObject("offsets"));
      // everything written from the cut on arrives live
      Set<String> afterCut = new HashSet<>();
      log.stream().filter(w -> w.offset() >= cut.get(w.partition())).forEach(w -> afterCut.add(w.partition() + "@" + w.offset()));
      assertThat(Poll.within(WAIT, () -> live(c).size() >= afterCut.size())).isTrue();

      List<JsonObject> messages = GatewayFixture.ofType(c.received(), "message");
      List<JsonObject> snap = messages.stream().filter(m -> m.getBoolean("snapshot", false)).toList();
      List<JsonObject> live = live(c);
      assertThat(done.getInteger("count")).isEqualTo(snap.size());
      // the snapshot: the last record of each key below the cut, tombstoned keys absent
      Map<String, Written> lastBelowCut = new HashMap<>();
      log.stream().filter(w -> w.offset() < cut.get(w.partition())).forEach(w -> lastBelowCut.merge(w.key(), w,
          (a, b) -> b.offset() > a.offset() ? b : a));
      Set<String> expectedSnap = new HashSet<>();
      lastBelowCut.values().stream().filter(w -> w.value() != null).forEach(w -> expectedSnap.add(w.key() + "=" + w.partition() + "@" + w.offset()));
      Set<String> gotSnap = new HashSet<>();
      snap.forEach(m -> gotSnap.add(m.getString("key") + "=" + m.getInteger("partition") + "@" + m.getLong("offset")));
      assertThat(gotSnap).hasSize(snap.size()).isEqualTo(expectedSnap);
      assertThat(expectedSnap).noneMatch(s -> s.startsWith("k7=") && lastBelowCut.get("k7").value() == null);
      // live: every record from the cut, once
      Set<String> gotLive = new HashSet<>();
      live.forEach(m -> gotLive.add(m.getInteger("partition") + "@" + m.getLong("offset")));
      assertThat(gotLive).hasSize(live.size()).isEqualTo(afterCut);
      // the fold equals the log's last value per key
      Map<String, Object> state = new HashMap<>();
      for (JsonObject m : messages) {
        if (m.getValue("data") == null) {
          state.remove(m.getString("key"));
        } else {
          state.put(m.getString("key"), m.getValue("data"));
        }
      }
      Map<String, Written> last = new HashMap<>();
      log.forEach(w -> last.merge(w.key(), w, (a, b) -> b.offset() > a.offset() || b.partition() != a.partition() ? b : a));
      last.values().forEach(w -> assertThat(state.get(w.key())).as(w.key())
          .isEqualTo(w.value() == null ? null : new JsonObject(w.value())));
    }
  }

  private static List<JsonObject> live(ProtocolClient c) {
    return GatewayFixture.ofType(c.received(), "message").stream().filter(m -> !m.getBoolean("snapshot", false)).toList();
  }

  @Test
  void aKeyedSnapshotHoldsItsKeyOnlyAndRefusalsAreErrors() throws Exception {
    String topic = compacted(1);
    write(topic, "a", "{\"n\":1}");
    write(topic, "b", "{\"n\":2}");
    write(topic, "a", "{\"n\":3}");
    try (ProtocolClient c = gw.client()) {
      assertThat(subscribe(c, 1, topic, "a", "snapshot").getString("type")).isEqualTo("subscribed");
      JsonObject done = c.await(o -> "snapshot".equals(o.getString("type")), WAIT);
      assertThat(done.getString("key")).isEqualTo("a");
      assertThat(done.getInteger("count")).isEqualTo(1);
      assertThat(GatewayFixture.ofType(c.received(), "message")).singleElement()
          .satisfies(m -> assertThat(m.getJsonObject("data").getInteger("n")).isEqualTo(3));
      String plain = GatewayFixture.topic(1);
      assertThat(subscribe(c, 2, plain, null, "snapshot").getString("code")).isEqualTo("forbidden");
      String notCompacted = SharedKafka.uniqueTopic("lc-snap");
      GatewayFixture.broker().createTopic(notCompacted, 1);
      assertThat(subscribe(c, 3, notCompacted, null, "snapshot").getString("code")).isEqualTo("bad_request");
    }
  }
}
