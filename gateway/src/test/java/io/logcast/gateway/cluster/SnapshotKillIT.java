package io.logcast.gateway.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import io.logcast.testkit.FreePort;
import io.logcast.testkit.GatewayCluster;
import io.logcast.testkit.GatewayProcess;
import io.logcast.testkit.Poll;
import io.logcast.testkit.ProtocolClient;
import io.logcast.testkit.SharedKafka;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A snapshot of 10,000 keys with writes racing it, and the instance serving it SIGKILLed while the
 * client is in the middle of it (two gateway JVMs, sessions in their Hazelcast members). The client
 * keeps what it had taken when the instance died, resumes on the other instance and, as the
 * protocol says of a snapshot that did not reach its {@code snapshot} object, starts a new one
 * (undoing the subscription first if the resume restored it). Then it moves on to the restarted
 * first instance with its own positions. Oracle, from the producer's acknowledgements: the new
 * snapshot is exactly the latest record below its cut of every key not deleted; the live records of
 * both later connections are exactly the log from that cut, each once and in partition order; and
 * the fold of what the application kept equals the log's last value of every key.
 */
class SnapshotKillIT {
  private static final Logger LOG = LoggerFactory.getLogger(SnapshotKillIT.class);
  private static final int KEYS = 10_000;
  private static final int PARTITIONS = 3;
  private static final int TAKEN_BEFORE_KILL = 2_000;
  private static final int RACING_MAX = 20_000;
  private static final Duration WAIT = Duration.ofSeconds(60);

  private static GatewayCluster cluster;
  private static KafkaProducer<String, String> producer;

  @BeforeAll
  static void start() {
    cluster = GatewayCluster.start(new GatewayCluster.Options(2, FreePort.range(1), FreePort.range(2),
        FreePort.range(2), FreePort.range(2), SharedKafka.broker().bootstrapServers(),
        Map.of("LOGCAST_SERVER_EVENT_LOOPS", "1", "LOGCAST_SNAPSHOT_TOPICS", "lc-snapkill*"), List.of(),
        Path.of("target", "snapshot-kill-it").toAbsolutePath()));
    producer = new KafkaProducer<>(Map.of("bootstrap.servers", SharedKafka.broker().bootstrapServers(),
        "acks", "all", "linger.ms", "5"), new StringSerializer(), new StringSerializer());
  }

  @AfterAll
  static void stop() {
    if (producer != null) {
      producer.close(Duration.ofSeconds(5));
    }
    if (cluster != null) {
      cluster.close();
    }
  }

  private record Written(String key, int partition, long offset, String value) {}

  private static void write(String topic, String key, String value, ConcurrentLinkedQueue<Written> log) {
    producer.send(new ProducerRecord<>(topic, key, value), (md, e) -> {
      if (e == null) {
        log.add(new Written(key, md.partition(), md.offset(), value));
      }
    });
  }

  private static String ws(GatewayProcess g) {
    return "ws://127.0.0.1:" + g.spec().port() + "/ws";
  }

  @Test
  void aSnapshotCutByAKillIsTakenAgainOnTheOtherInstanceAndTheLiveStreamResumesExactly() throws Exception {
    String topic = SharedKafka.uniqueTopic("lc-snapkill");
    SharedKafka.broker().createCompactedTopic(topic, PARTITIONS);
    ConcurrentLinkedQueue<Written> log = new ConcurrentLinkedQueue<>();
    for (int i = 0; i < KEYS; i++) {
      write(topic, "k" + i, "{\"v\":" + i + ",\"pad\":\"" + "x".repeat(100) + "\"}", log);
    }
    producer.flush();
    assertThat(log).as("every initial write acknowledged").hasSize(KEYS);
    AtomicBoolean writing = new AtomicBoolean(true);
    Thread writer = new Thread(() -> {
      for (int i = 0; writing.get() && i < RACING_MAX; i++) {
        write(topic, "k" + (i * 7919 % KEYS), i % 50 == 0 ? null : "{\"r\":" + i + "}", log);
        if (i % 20 == 0) {
          producer.flush();
          sleepQuietly(10);
        }
      }
      producer.flush();
    }, "racing-writer");
    writer.start();

    GatewayProcess a = cluster.instance(0);
    JsonObject welcome;
    try (ProtocolClient first = ProtocolClient.connect(ws(a))) {
      welcome = first.hello();
      first.send(subscribe(1, topic));
      assertThat(first.awaitType("subscribed", WAIT).getInteger("id")).isEqualTo(1);
      // the application has taken this much of the snapshot when the instance dies; what the socket
      // held beyond it is lost with the connection
      assertThat(Poll.within(WAIT, () -> first.received().stream().filter(SnapshotKillIT::snapshotRecord).count()
          >= TAKEN_BEFORE_KILL)).isTrue();
      a.kill();
      boolean complete = first.received().stream().anyMatch(o -> "snapshot".equals(o.getString("type")));
      LOG.info("killed instance A after the client took {} snapshot records (the whole snapshot had {}arrived)",
          TAKEN_BEFORE_KILL, complete ? "" : "not ");
    }

    GatewayProcess b = cluster.instance(1);
    Map<Integer, Long> next;
    List<JsonObject> kept = new ArrayList<>();
    JsonObject cut;
    try (ProtocolClient second = ProtocolClient.connect(ws(b))) {
      second.send(resume(welcome, new JsonArray()));
      assertThat(second.awaitType("welcome", WAIT).getBoolean("resumed")).isTrue();
      second.send(subscribe(2, topic));
      JsonObject answer = second.await(o -> Integer.valueOf(2).equals(o.getInteger("id")), WAIT);
      int id = 2;
      if ("error".equals(answer.getString("type"))) {
        // the session held the subscription at its cut: the snapshot finished on A before it died
        assertThat(answer.getString("message")).contains("already subscribed");
        second.send(new JsonObject().put("type", "unsubscribe").put("id", 3).put("topic", topic));
        assertThat(second.await(o -> Integer.valueOf(3).equals(o.getInteger("id")), WAIT).getString("type"))
            .isEqualTo("unsubscribed");
        id = 4;
        second.send(subscribe(id, topic));
        int want = id;
        answer = second.await(o -> Integer.valueOf(want).equals(o.getInteger("id")), WAIT);
      }
      LOG.info("resumed on B: the session {} the subscription", id == 2 ? "did not hold" : "restored");
      assertThat(answer.getString("type")).as(answer.encode()).isEqualTo("subscribed");
      cut = answer;
      second.await(o -> "snapshot".equals(o.getString("type")), WAIT);
      // some live records on B, then the connection is lost (the client closes it)
      int from = indexOf(second.received(), answer);
      assertThat(Poll.within(WAIT, () -> liveAfter(second.received(), from).size() >= 200)).isTrue();
      List<JsonObject> got = second.received();
      kept.addAll(got.subList(from + 1, got.size()).stream().filter(o -> "message".equals(o.getString("type"))).toList());
      next = nextOffsets(offsets(cut), kept);
    }

    GatewayProcess restarted = cluster.restart(0);
    writing.set(false);
    writer.join(60_000);
    Map<Integer, Long> end = ends(log);
    try (ProtocolClient third = ProtocolClient.connect(ws(restarted))) {
      third.send(resume(welcome, new JsonArray().add(new JsonObject().put("topic", topic)
          .put("epoch", cut.getString("epoch")).put("offsets", json(next)))));
      assertThat(third.awaitType("welcome", WAIT).getBoolean("resumed")).isTrue();
      JsonObject restored = third.awaitType("subscribed", WAIT);
      assertThat(restored.containsKey("id")).isFalse();
      assertThat(offsets(restored)).isEqualTo(next);
      assertThat(Poll.within(WAIT, () -> nextOffsets(next, messages(third.received())).equals(end)))
          .as("the third connection reaches the log's end %s", end).isTrue();
      kept.addAll(messages(third.received()));
    }
    assertExact(List.copyOf(log), offsets(cut), kept);
  }

  /** The new snapshot, the live records from its cut (once each, in order) and the fold, against the log. */
  private static void assertExact(List<Written> log, Map<Integer, Long> cut, List<JsonObject> kept) {
    List<JsonObject> snap = kept.stream().filter(SnapshotKillIT::snapshotRecord).toList();
    List<JsonObject> live = kept.stream().filter(m -> !snapshotRecord(m)).toList();
    Map<String, Written> lastBelowCut = new HashMap<>();
    log.stream().filter(w -> w.offset() < cut.get(w.partition()))
        .forEach(w -> lastBelowCut.merge(w.key(), w, (x, y) -> y.offset() > x.offset() ? y : x));
    Set<String> expectedSnap = new HashSet<>();
    lastBelowCut.values().stream().filter(w -> w.value() != null)
        .forEach(w -> expectedSnap.add(w.key() + "=" + w.partition() + "@" + w.offset()));
    Set<String> gotSnap = new HashSet<>();
    snap.forEach(m -> gotSnap.add(m.getString("key") + "=" + m.getInteger("partition") + "@" + m.getLong("offset")));
    assertThat(gotSnap).as("the snapshot's records, once each").hasSize(snap.size()).isEqualTo(expectedSnap);

    Set<String> expectedLive = new HashSet<>();
    log.stream().filter(w -> w.offset() >= cut.get(w.partition())).forEach(w -> expectedLive.add(w.partition() + "@" + w.offset()));
    Set<String> gotLive = new HashSet<>();
    live.forEach(m -> gotLive.add(m.getInteger("partition") + "@" + m.getLong("offset")));
    assertThat(live.size() - gotLive.size()).as("duplicate live records").isZero();
    assertThat(gotLive).as("the live records: the log from the cut").isEqualTo(expectedLive);
    Map<Integer, Long> last = new HashMap<>();
    for (JsonObject m : live) {
      long previous = last.getOrDefault(m.getInteger("partition"), -1L);
      assertThat(m.getLong("offset")).as("partition order").isGreaterThan(previous);
      last.put(m.getInteger("partition"), m.getLong("offset"));
    }

    Map<String, Object> state = new HashMap<>();
    kept.forEach(m -> {
      if (m.getValue("data") == null) {
        state.remove(m.getString("key"));
      } else {
        state.put(m.getString("key"), m.getValue("data"));
      }
    });
    Map<String, Written> lastPerKey = new HashMap<>();
    log.forEach(w -> lastPerKey.merge(w.key(), w, (x, y) -> y.partition() != x.partition() || y.offset() > x.offset() ? y : x));
    assertThat(lastPerKey).hasSize(KEYS);
    lastPerKey.values().forEach(w -> assertThat(state.get(w.key())).as(w.key())
        .isEqualTo(w.value() == null ? null : new JsonObject(w.value())));
    LOG.info("snapshot kill result: {} records written, the new snapshot {} keys exact, {} live records from its cut "
        + "exact (0 duplicates), the fold of {} keys equals the log's", log.size(), snap.size(), live.size(), KEYS);
  }

  private static boolean snapshotRecord(JsonObject o) {
    return "message".equals(o.getString("type")) && o.getBoolean("snapshot", false);
  }

  private static JsonObject subscribe(int id, String topic) {
    return new JsonObject().put("type", "subscribe").put("id", id).put("topic", topic).put("from", "snapshot");
  }

  private static JsonObject resume(JsonObject welcome, JsonArray subscriptions) {
    return new JsonObject().put("type", "hello").putNull("token").put("resume", new JsonObject()
        .put("session", welcome.getString("session")).put("secret", welcome.getString("secret"))
        .put("subscriptions", subscriptions));
  }

  /** Where the reply {@code o} (a {@code subscribed} with an id) is among everything received. */
  private static int indexOf(List<JsonObject> received, JsonObject o) {
    for (int i = 0; i < received.size(); i++) {
      JsonObject r = received.get(i);
      if (r.getString("type").equals(o.getString("type")) && o.getValue("id").equals(r.getValue("id"))) {
        return i;
      }
    }
    throw new AssertionError("not received: " + o);
  }

  private static List<JsonObject> liveAfter(List<JsonObject> received, int from) {
    return messages(received.subList(from + 1, received.size())).stream().filter(m -> !snapshotRecord(m)).toList();
  }

  private static List<JsonObject> messages(List<JsonObject> received) {
    return received.stream().filter(o -> "message".equals(o.getString("type"))).toList();
  }

  private static Map<Integer, Long> offsets(JsonObject subscribed) {
    Map<Integer, Long> m = new HashMap<>();
    subscribed.getJsonObject("offsets").forEach(e -> m.put(Integer.parseInt(e.getKey()), ((Number) e.getValue()).longValue()));
    return m;
  }

  /** From {@code start}, moved past every live record of {@code messages}. */
  private static Map<Integer, Long> nextOffsets(Map<Integer, Long> start, List<JsonObject> messages) {
    Map<Integer, Long> m = new HashMap<>(start);
    messages.stream().filter(o -> !snapshotRecord(o))
        .forEach(o -> m.merge(o.getInteger("partition"), o.getLong("offset") + 1, Math::max));
    return m;
  }

  private static Map<Integer, Long> ends(Iterable<Written> log) {
    Map<Integer, Long> m = new HashMap<>();
    log.forEach(w -> m.merge(w.partition(), w.offset() + 1, Math::max));
    return m;
  }

  private static JsonObject json(Map<Integer, Long> offsets) {
    JsonObject o = new JsonObject();
    offsets.forEach((p, off) -> o.put(Integer.toString(p), off));
    return o;
  }

  private static void sleepQuietly(long ms) {
    try {
      Thread.sleep(ms);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
