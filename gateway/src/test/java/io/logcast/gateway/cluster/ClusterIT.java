package io.logcast.gateway.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import io.logcast.session.hazelcast.HazelcastMembers;
import io.logcast.session.hazelcast.HazelcastSessionStore;
import io.logcast.session.hazelcast.HazelcastSettings;
import io.logcast.testkit.FreePort;
import io.logcast.testkit.GatewayCluster;
import io.logcast.testkit.Poll;
import io.logcast.testkit.ProtocolClient;
import io.logcast.testkit.ResumingClient;
import io.logcast.testkit.ResumingClient.Delivered;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.URI;
import io.logcast.testkit.SharedKafka;
import io.vertx.core.Vertx;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketClientOptions;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeSet;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The acceptance test of clustered sessions: three gateway JVMs with embedded Hazelcast members
 * behind nginx, one real broker, hundreds of resuming clients, a steady keyed publisher — then a
 * SIGKILL, and a rolling restart. Oracle: the set of (partition, offset) each client received is
 * exactly the set of records of its subscription written since it started, each received once
 * (no duplicates, counted by the client, never dropped), in offset order, with no gap.
 */
class ClusterIT {
  private static final Logger LOG = LoggerFactory.getLogger(ClusterIT.class);
  private static final int INSTANCES = 3;
  private static final int KEYS = 100;
  private static final int KEY_CLIENTS = 300;
  private static final int TOPIC_CLIENTS = 12;
  private static final int PARTITIONS = 6;
  private static final int RATE_PER_SECOND = 200;
  private static final Duration SETTLE = Duration.ofSeconds(90);
  private static final long ACK_EVERY_MS = 300;
  // bounds the writer; the test stops it long before
  private static final Duration PUBLISH_FOR = Duration.ofMinutes(10);

  private static GatewayCluster cluster;
  private static int hazelcastBase;
  private static Vertx vertx;
  private static String topic;

  @BeforeAll
  static void start() {
    topic = SharedKafka.uniqueTopic("lc-cluster");
    SharedKafka.broker().createTopic(topic, PARTITIONS);
    int lb = FreePort.range(1);
    hazelcastBase = FreePort.range(INSTANCES);
    cluster = GatewayCluster.start(new GatewayCluster.Options(INSTANCES, lb, FreePort.range(INSTANCES),
        FreePort.range(INSTANCES), hazelcastBase, SharedKafka.broker().bootstrapServers(),
        Map.of("LOGCAST_SERVER_EVENT_LOOPS", "1"), List.of(), Path.of("target", "cluster-it").toAbsolutePath()));
    vertx = Vertx.vertx();
  }

  @AfterAll
  static void stop() {
    if (cluster != null) {
      cluster.close();
    }
    if (vertx != null) {
      vertx.close();
    }
  }

  @Test
  void clientsLoseNothingThroughAKillAndARollingRestart() throws Exception {
    // every reconnect is a new connection: no pool cap to queue behind (frame limits stay the default 64 KiB)
    WebSocketClient http = vertx.createWebSocketClient(new WebSocketClientOptions().setMaxConnections(1_000_000)
        .setConnectTimeout(5_000));
    List<ResumingClient> clients = new ArrayList<>();
    var connect = ResumingClient.connectOptions(cluster.wsUrl(), 5_000);
    for (int i = 0; i < KEY_CLIENTS + TOPIC_CLIENTS; i++) {
      String key = i < KEY_CLIENTS ? "key-" + (i % KEYS) : null;
      clients.add(new ResumingClient(vertx, http, connect, ResumingClient.Settings.of(topic, key)
          .withAckEveryMs(ACK_EVERY_MS).withReconnect(100, 400).withConnectRetry(100, 400)));
    }
    clients.forEach(ResumingClient::connect);
    awaitTrue("all clients subscribed", Duration.ofSeconds(60), () -> clients.stream().allMatch(ResumingClient::started));

    PacedProducer publisher = PacedProducer.start(SharedKafka.broker().bootstrapServers(), List.of(topic), KEYS,
        RATE_PER_SECOND, RATE_PER_SECOND * PUBLISH_FOR.toSeconds(), PUBLISH_FOR);
    awaitTrue("records flowing", Duration.ofSeconds(30), () -> publisher.sent() > RATE_PER_SECOND * 3L);

    // 1. SIGKILL one instance mid-stream: its clients must come back through nginx and resume elsewhere
    String victim = cluster.instance(0).spec().nodeId();
    List<ResumingClient> onVictim = clients.stream().filter(c -> victim.equals(c.node())).toList();
    long killAt = System.currentTimeMillis();
    cluster.instance(0).kill();
    awaitTrue("the killed instance's clients resumed elsewhere", SETTLE, () -> onVictim.stream()
        .allMatch(c -> c.connected() && c.welcomeAtMillis() > killAt && !victim.equals(c.node())));
    long resumedAt = onVictim.stream().mapToLong(ResumingClient::welcomeAtMillis).max().orElse(killAt);
    long movedByKill = onVictim.size();
    assertThat(movedByKill).as("clients on the killed instance").isPositive();
    cluster.restart(0);

    // 2. rolling restart: SIGTERM (drain, 1012) each instance in turn, start it again
    for (int i = 0; i < INSTANCES; i++) {
      assertThat(cluster.instance(i).terminate(Duration.ofSeconds(30))).as("instance %d drained and exited", i).isTrue();
      cluster.restart(i);
      LOG.info("instance {} restarted {} ms after the kill", i, System.currentTimeMillis() - killAt);
    }

    long sentAtRestart = publisher.sent();
    awaitTrue("records written after the restarts", Duration.ofSeconds(30),
        () -> publisher.sent() >= sentAtRestart + RATE_PER_SECOND);
    publisher.close();
    Map<ResumingClient, Set<Delivered>> expected = new HashMap<>();
    clients.forEach(c -> expected.put(c, expected(c, publisher.written(topic, c.settings().key()))));
    try {
      awaitTrue("every client has every record", SETTLE,
          () -> clients.stream().allMatch(c -> c.receivedCount() >= expected.get(c).size()));
    } catch (AssertionError e) {
      clients.stream().filter(c -> c.receivedCount() < expected.get(c).size()).limit(10)
          .forEach(c -> LOG.error("incomplete: {}", describe(c, expected.get(c))));
      throw e;
    }

    long duplicates = 0;
    long delivered = 0;
    long resumedFalse = 0;
    long resumedTrue = 0;
    for (ResumingClient c : clients) {
      String who = c.settings().topic() + "/" + c.settings().key();
      assertThat(c.gaps()).as("gaps of %s", who).isEmpty();
      assertThat(c.reordered()).as("records of %s out of offset order", who).isZero();
      assertThat(c.foreign()).as("records of %s for another key", who).isZero();
      assertThat(c.untracked()).as("records of %s before its start or without a position", who).isZero();
      assertThat(c.duplicates()).as("records %s received twice", who).isZero();
      assertReceivedExactly(c, expected.get(c));
      duplicates += c.duplicates();
      delivered += c.delivered();
      resumedFalse += c.resumedFalse();
      resumedTrue += c.resumedTrue();
    }
    LOG.info("cluster result: {} sessions, {} records written, {} delivered (exactly once: {} duplicates), "
            + "{} clients moved by the SIGKILL, all resumed {} ms after it; "
            + "resumes: {} resumed:true, {} resumed:false", clients.size(), publisher.written(topic, null).size(),
        delivered, duplicates, movedByKill, resumedAt - killAt, resumedTrue, resumedFalse);
    // the sessions' entries survived the SIGKILL of a member (backups) and the restarts (migration):
    // read them straight from the cluster, as a Hazelcast client
    assertThat(missingSessions(clients)).as("sessions lost from the store").isZero();
    assertThat(resumedTrue).as("resumes that found their session").isPositive();
    clients.forEach(ResumingClient::stop);
  }

  @Test
  void takeoverAcrossInstancesClosesTheOldConnectionWith4011() {
    String a = "ws://127.0.0.1:" + cluster.instance(1).spec().port() + "/ws";
    String b = "ws://127.0.0.1:" + cluster.instance(2).spec().port() + "/ws";
    try (ProtocolClient first = ProtocolClient.connect(a); ProtocolClient second = ProtocolClient.connect(b)) {
      JsonObject welcome = first.hello();
      second.send(new JsonObject().put("type", "hello").putNull("token").put("resume", new JsonObject()
          .put("session", welcome.getString("session")).put("secret", welcome.getString("secret"))
          .put("subscriptions", new JsonArray())));
      JsonObject resumed = second.awaitType("welcome", Duration.ofSeconds(20));
      assertThat(resumed.getBoolean("resumed")).isTrue();
      assertThat(resumed.getString("node")).isNotEqualTo(welcome.getString("node"));
      assertThat(first.awaitClose(Duration.ofSeconds(20))).isEqualTo(4011);
    }
  }

  @Test
  void anIdempotencyKeyIsHonouredByEveryInstance() throws Exception {
    HttpClient http = HttpClient.newHttpClient();
    List<String> answers = new ArrayList<>();
    for (int i = 1; i < INSTANCES; i++) {
      HttpRequest req = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + cluster.instance(i).spec().port()
              + "/v1/topics/" + topic + "/messages"))
          .header("content-type", "application/json").header("Idempotency-Key", "cluster-once")
          .POST(HttpRequest.BodyPublishers.ofString("{\"key\":\"key-0\",\"data\":{\"once\":true}}")).build();
      HttpResponse<String> res = http.send(req, HttpResponse.BodyHandlers.ofString());
      assertThat(res.statusCode()).isEqualTo(200);
      answers.add(res.body());
    }
    // the second instance answered with the first one's result: one record, not two
    assertThat(new JsonObject(answers.get(1))).isEqualTo(new JsonObject(answers.get(0)));
  }

  private static long missingSessions(List<ResumingClient> clients) {
    List<String> members = new ArrayList<>();
    for (int i = 0; i < INSTANCES; i++) {
      members.add("127.0.0.1:" + (hazelcastBase + i));
    }
    var hz = HazelcastMembers.start(new HazelcastSettings(HazelcastSettings.Mode.CLIENT,
        "logcast-" + URI.create(cluster.httpUrl()).getPort(), members, 0, null, null, 1), "cluster-it-check");
    try {
      var map = hz.getMap(HazelcastSessionStore.MAP);
      List<ResumingClient> missing = clients.stream().filter(c -> !map.containsKey(c.session())).toList();
      for (ResumingClient c : missing.subList(0, Math.min(10, missing.size()))) {
        LOG.error("session missing from the store: {} (last welcome {} ms ago, resumed:{}, node {}, {} welcomes)",
            c.session(), System.currentTimeMillis() - c.welcomeAtMillis(), c.lastResumed(), c.node(), c.welcomes());
      }
      return missing.size();
    } finally {
      hz.shutdown();
    }
  }

  /** The records the client must have: its key's (or all), "partition@offset", from where its subscription started. */
  private static Set<Delivered> expected(ResumingClient c, Set<String> written) {
    Map<Integer, Long> start = c.start();
    Set<Delivered> expected = new TreeSet<>();
    for (String po : written) {
      int p = Integer.parseInt(po.substring(0, po.indexOf('@')));
      long offset = Long.parseLong(po.substring(po.indexOf('@') + 1));
      if (offset >= start.getOrDefault(p, 0L)) {
        expected.add(new Delivered(p, offset));
      }
    }
    return expected;
  }

  /** The received set is the expected set: nothing missing, nothing more. */
  private static void assertReceivedExactly(ResumingClient c, Set<Delivered> expected) {
    SortedSet<Delivered> received = c.received();
    SortedSet<Delivered> absent = new TreeSet<>(expected);
    absent.removeAll(received);
    SortedSet<Delivered> extra = new TreeSet<>(received);
    extra.removeAll(expected);
    assertThat(absent.stream().limit(20).toList()).as("records of %s never received (%d, the first shown); %s",
        c.settings().key(), absent.size(), c).isEmpty();
    assertThat(extra.stream().limit(20).toList()).as("records of %s received but not expected (%d, the first shown); %s",
        c.settings().key(), extra.size(), c).isEmpty();
  }

  private static String describe(ResumingClient c, Set<Delivered> expected) {
    SortedSet<Delivered> absent = new TreeSet<>(expected);
    absent.removeAll(c.received());
    return "expected=" + expected.size() + " missing(first)=" + absent.stream().limit(8).toList() + " " + c;
  }

  private static void awaitTrue(String what, Duration timeout, BooleanSupplier condition) {
    assertThat(Poll.within(timeout, condition)).as("within %s: %s", timeout, what).isTrue();
  }
}
