package io.logcast.gateway.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import io.logcast.session.hazelcast.HazelcastMembers;
import io.logcast.session.hazelcast.HazelcastSessionStore;
import io.logcast.session.hazelcast.HazelcastSettings;
import io.logcast.testkit.GatewayCluster;
import io.logcast.testkit.ProtocolClient;
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
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The acceptance test of clustered sessions: three gateway JVMs with embedded Hazelcast members
 * behind nginx, one real broker, hundreds of resuming clients, a steady keyed publisher — then a
 * SIGKILL, and a rolling restart. Oracle: every record of a client's subscription since it
 * started is received exactly once (after dropping redeliveries by offset), in offset order.
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

  private static GatewayCluster cluster;
  private static int hazelcastBase;
  private static Vertx vertx;
  private static String topic;

  @BeforeAll
  static void start() {
    topic = SharedKafka.uniqueTopic("lc-cluster");
    SharedKafka.broker().createTopic(topic, PARTITIONS);
    int lb = LoopbackPorts.freeRange(1);
    hazelcastBase = LoopbackPorts.freeRange(INSTANCES);
    cluster = GatewayCluster.start(new GatewayCluster.Options(INSTANCES, lb, LoopbackPorts.freeRange(INSTANCES),
        LoopbackPorts.freeRange(INSTANCES), hazelcastBase, SharedKafka.broker().bootstrapServers(),
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
    for (int i = 0; i < KEY_CLIENTS + TOPIC_CLIENTS; i++) {
      String key = i < KEY_CLIENTS ? "key-" + (i % KEYS) : null;
      clients.add(new ResumingClient(vertx, http, cluster.wsUrl(), topic, key));
    }
    clients.forEach(ResumingClient::connect);
    awaitTrue("all clients subscribed", Duration.ofSeconds(60), () -> clients.stream().allMatch(c -> started(c)));
    long ackTimer = vertx.setPeriodic(ResumingClient.ackEveryMs(), t -> clients.forEach(ResumingClient::ack));

    Publisher publisher = new Publisher();
    publisher.start();
    awaitTrue("records flowing", Duration.ofSeconds(30), () -> publisher.sent.get() > RATE_PER_SECOND * 3L);

    // 1. SIGKILL one instance mid-stream: its clients must come back through nginx and resume elsewhere
    String victim = cluster.instance(0).spec().nodeId();
    List<ResumingClient> onVictim = clients.stream().filter(c -> victim.equals(c.node())).toList();
    long killAt = System.currentTimeMillis();
    cluster.instance(0).kill();
    awaitTrue("the killed instance's clients resumed elsewhere", SETTLE, () -> onVictim.stream()
        .allMatch(c -> c.connected() && c.lastWelcomeMs() > killAt && !victim.equals(c.node())));
    long resumedAt = onVictim.stream().mapToLong(ResumingClient::lastWelcomeMs).max().orElse(killAt);
    long movedByKill = onVictim.size();
    assertThat(movedByKill).as("clients on the killed instance").isPositive();
    cluster.restart(0);

    // 2. rolling restart: SIGTERM (drain, 1012) each instance in turn, start it again
    for (int i = 0; i < INSTANCES; i++) {
      assertThat(cluster.instance(i).terminate(Duration.ofSeconds(30))).as("instance %d drained and exited", i).isTrue();
      cluster.restart(i);
      LOG.info("instance {} restarted {} ms after the kill", i, System.currentTimeMillis() - killAt);
    }

    awaitTrue("records flowing after the restarts", Duration.ofSeconds(30), () -> publisher.sent.get() > 0);
    publisher.stop();
    Map<Long, String> written = publisher.written();
    try {
      awaitTrue("every client has every record", SETTLE, () -> clients.stream().allMatch(c -> missing(c, written) == 0));
    } catch (AssertionError e) {
      clients.stream().filter(c -> missing(c, written) != 0).limit(10).forEach(c -> LOG.error("incomplete: {}",
          describe(c, written)));
      throw e;
    }
    vertx.cancelTimer(ackTimer);

    long duplicatesDropped = 0;
    long delivered = 0;
    long resumedFalse = 0;
    long resumedTrue = 0;
    for (ResumingClient c : clients) {
      synchronized (c) {
        assertThat(c.gaps).as("gaps").isEmpty();
        assertInOffsetOrder(c);
        assertThat(c.accepted.size()).as("client %s/%s records", c.topic, c.key).isEqualTo(expected(c, written));
        duplicatesDropped += c.duplicates;
        delivered += c.accepted.size();
        resumedFalse += c.resumedFalse;
        resumedTrue += c.resumedTrue;
      }
    }
    LOG.info("cluster result: {} sessions, {} records written, {} delivered (exactly once after dedupe), "
            + "{} redeliveries dropped by offset, {} clients moved by the SIGKILL, all resumed {} ms after it; "
            + "resumes: {} resumed:true, {} resumed:false", clients.size(), written.size(), delivered,
        duplicatesDropped, movedByKill, resumedAt - killAt, resumedTrue, resumedFalse);
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
        synchronized (c) {
          LOG.error("session missing from the store: {} (last welcome {} ms ago, resumed:{}, node {}, {} welcomes)",
              c.session(), System.currentTimeMillis() - c.lastWelcomeMs, c.lastResumed, c.node(), c.welcomes);
        }
      }
      return missing.size();
    } finally {
      hz.shutdown();
    }
  }

  private static boolean started(ResumingClient c) {
    synchronized (c) {
      return c.start != null;
    }
  }

  /** Records the client must have: its key (or all), from where its subscription started. */
  private static long expected(ResumingClient c, Map<Long, String> written) {
    return written.entrySet().stream().filter(e -> matches(c, e)).count();
  }

  private static boolean matches(ResumingClient c, Map.Entry<Long, String> e) {
    int p = (int) (e.getKey() >>> 40);
    long offset = e.getKey() & ((1L << 40) - 1);
    return (c.key == null || c.key.equals(e.getValue())) && offset >= c.start.getOrDefault(p, 0L);
  }

  private static String describe(ResumingClient c, Map<Long, String> written) {
    synchronized (c) {
      java.util.Set<Long> got = new java.util.HashSet<>();
      c.accepted.forEach(po -> got.add((po[0] << 40) | po[1]));
      List<String> absent = written.entrySet().stream().filter(e -> matches(c, e) && !got.contains(e.getKey()))
          .map(e -> (e.getKey() >>> 40) + "@" + (e.getKey() & ((1L << 40) - 1))).sorted().limit(8).toList();
      return "key=" + c.key + " session=" + c.session() + " expected=" + expected(c, written) + " accepted="
          + c.accepted.size() + " missing(first)=" + absent + " start=" + c.start + " connected=" + c.connected()
          + " welcomes=" + c.welcomes + " resumed=" + c.resumedTrue + "/" + c.resumedFalse + " closes=" + c.closeCodes
          + " dup=" + c.duplicates + " connects=" + c.connects + " failures=" + c.connectFailures + " last="
          + c.lastFailure + " next=" + c.nextSnapshot();
    }
  }

  private static long missing(ResumingClient c, Map<Long, String> written) {
    synchronized (c) {
      return expected(c, written) - c.accepted.size();
    }
  }

  private static void assertInOffsetOrder(ResumingClient c) {
    Map<Long, Long> last = new java.util.HashMap<>();
    for (long[] po : c.accepted) {
      assertThat(po[1]).as("partition %d order", po[0]).isGreaterThan(last.getOrDefault(po[0], -1L));
      last.put(po[0], po[1]);
    }
  }

  /** Writes keyed records at a steady rate, remembering each one's partition/offset → key. */
  private static final class Publisher {
    final AtomicLong sent = new AtomicLong();
    private final AtomicBoolean running = new AtomicBoolean(true);
    private final Map<Long, String> written = new java.util.concurrent.ConcurrentHashMap<>();
    private final KafkaProducer<String, String> producer = new KafkaProducer<>(Map.of(
        "bootstrap.servers", SharedKafka.broker().bootstrapServers(), "acks", "all", "linger.ms", 5),
        new StringSerializer(), new StringSerializer());
    private Thread thread;

    void start() {
      thread = new Thread(() -> {
        long[] seq = new long[KEYS];
        long periodNanos = 1_000_000_000L / RATE_PER_SECOND;
        long nextAt = System.nanoTime();
        while (running.get()) {
          int k = ThreadLocalRandom.current().nextInt(KEYS);
          String key = "key-" + k;
          producer.send(new ProducerRecord<>(topic, key, "{\"key\":\"" + key + "\",\"seq\":" + seq[k]++ + "}"),
              (md, e) -> {
                if (e == null) {
                  written.put(((long) md.partition() << 40) | md.offset(), key);
                  sent.incrementAndGet();
                }
              });
          nextAt += periodNanos;
          java.util.concurrent.locks.LockSupport.parkNanos(Math.max(0, nextAt - System.nanoTime()));
        }
      }, "cluster-it-publisher");
      thread.start();
    }

    void stop() throws InterruptedException {
      running.set(false);
      thread.join(5_000);
      producer.flush();
      producer.close(Duration.ofSeconds(5));
    }

    Map<Long, String> written() {
      return Map.copyOf(written);
    }
  }

  private static void awaitTrue(String what, Duration timeout, java.util.function.BooleanSupplier condition) {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("timed out after " + timeout + " waiting for: " + what);
      }
      java.util.concurrent.locks.LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(50));
    }
  }

}
