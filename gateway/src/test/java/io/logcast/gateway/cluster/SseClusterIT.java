package io.logcast.gateway.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import io.logcast.gateway.Delivered;
import io.logcast.gateway.ReconnectingSseClient;
import io.logcast.gateway.ReconnectingSseClient.Connection;
import io.logcast.gateway.ReconnectingSseClient.Event;
import io.logcast.gateway.cli.Main;
import io.logcast.gateway.cli.StdStreams;
import io.logcast.testkit.FreePort;
import io.logcast.testkit.GatewayCluster;
import io.logcast.testkit.Poll;
import io.logcast.testkit.SharedKafka;
import io.vertx.core.json.JsonObject;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.IntConsumer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * GET /v1/stream through nginx in front of two gateway JVMs and the shared broker, read by a client
 * that reconnects like a browser's EventSource. One stream carries a keyed subscription of topic K
 * and a whole-topic subscription of topic W while ~1,000 records/s are written; the connection is
 * cut by an nginx reload, then by the SIGKILL of the gateway serving it. Oracle per subscription:
 * the SET of (partition, offset) received is exactly the set written, duplicates counted, offsets
 * increasing per partition, no gap; the stream came back (after the kill: on the other instance).
 * The reload runs first: the kill leaves one instance. Last, {@code logcast subscribe --transport sse}
 * through a reload: every record printed once.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class SseClusterIT {
  private static final Logger LOG = LoggerFactory.getLogger(SseClusterIT.class);
  private static final int INSTANCES = 2;
  private static final int PARTITIONS = 3;
  private static final int KEYS = 4;
  private static final String KEY = "key-1";
  private static final int RATE = 1_000;
  private static final long MAX_RECORDS = 15_000;
  private static final Duration MAX_WRITING = Duration.ofSeconds(20);
  private static final Duration WAIT = Duration.ofSeconds(90);

  private static GatewayCluster cluster;

  @BeforeAll
  static void start() {
    cluster = GatewayCluster.start(new GatewayCluster.Options(INSTANCES, FreePort.range(1),
        FreePort.range(INSTANCES), FreePort.range(INSTANCES), FreePort.range(INSTANCES),
        SharedKafka.broker().bootstrapServers(), Map.of("LOGCAST_SERVER_EVENT_LOOPS", "1"), List.of(),
        Path.of("target", "sse-cluster-it").toAbsolutePath()));
  }

  @AfterAll
  static void stop() {
    if (cluster != null) {
      cluster.close();
    }
  }

  @Test
  @Order(0)
  void nginxPassesAnEventThroughAtOnce() throws Exception {
    String t = topic();
    String url = cluster.httpUrl() + "/v1/stream?sub=" + URLEncoder.encode(t, StandardCharsets.UTF_8);
    try (ReconnectingSseClient c = ReconnectingSseClient.open(url, Map.of(), 3)) {
      assertThat(c.await(e -> !e.isEmpty(), WAIT)).as("subscribed").isTrue();
      // one small event on an idle stream: a buffering proxy would hold it until its buffer filled
      try (PacedProducer one = PacedProducer.start(SharedKafka.broker().bootstrapServers(), List.of(t), 1, 50, 1,
          MAX_WRITING)) {
        assertThat(one.awaitDone(WAIT)).isTrue();
        long acked = System.nanoTime();
        assertThat(c.await(e -> messages(e).size() == 1, Duration.ofSeconds(3))).as("the event within 3 s").isTrue();
        LOG.info("one event through nginx {} ms after its write was acknowledged", (System.nanoTime() - acked) / 1_000_000);
      }
    }
  }

  @Test
  @Order(1)
  void anNginxReloadCutsTheStreamAndItResumesWithNothingLostOrRepeated() throws Exception {
    Connection before = cutWhileStreaming(served -> cluster.nginx().reload());
    LOG.info("nginx reload: stream was served by {}", before.upstream());
  }

  @Test
  @Order(2)
  void theKillOfTheServingGatewayMovesTheStreamToTheOtherWithNothingLostOrRepeated() throws Exception {
    int[] victim = new int[1];
    List<Connection> connections = new ArrayList<>();
    Connection before = cutWhileStreaming(served -> {
      victim[0] = served;
      cluster.instance(served).kill();
    }, connections);
    Connection after = connections.get(connections.size() - 1);
    assertThat(instanceOf(after)).as("the instance serving the stream after the kill of %s (was %s)",
        cluster.instance(victim[0]).spec().nodeId(), before.upstream()).isEqualTo(1 - victim[0]);
  }

  @Test
  @Order(3)
  void theCliReconnectsThroughAReloadAndPrintsEveryRecordOnce() throws Exception {
    String t = topic();
    int records = 4_000;
    try (PacedProducer writes = PacedProducer.start(SharedKafka.broker().bootstrapServers(), List.of(t), KEYS, RATE,
        records, MAX_WRITING)) {
      CompletableFuture<StdStreams> cli = CompletableFuture.supplyAsync(() -> StdStreams.run("", () -> Main.run(
          "subscribe", "--transport", "sse", "--url", cluster.httpUrl(), "-t", t, "--from", "earliest",
          "-n", Integer.toString(records), "--format", "json")));
      // cut while the CLI follows the live records (about 1,500 are written by then)
      assertThat(Poll.within(WAIT, () -> writes.sent() >= 1_500)).isTrue();
      cluster.nginx().reload();
      assertThat(writes.awaitDone(WAIT)).isTrue();
      StdStreams out = cli.get(WAIT.toSeconds(), TimeUnit.SECONDS);
      assertThat(out.exitCode()).as(out.err()).isZero();
      assertThat(out.err()).as("the CLI saw the cut and reconnected").contains("reconnecting");
      // stdout is captured for the whole JVM while the CLI runs: keep its message objects only
      List<String> got = out.out().lines().filter(l -> l.startsWith("{\"type\":\"message\"")).map(JsonObject::new).map(o -> o.getInteger("partition") + "@"
          + o.getLong("offset")).toList();
      assertThat(got.size() - new HashSet<>(got).size()).as("duplicates printed").isZero();
      assertThat(new HashSet<>(got)).isEqualTo(writes.written(t, null));
    }
  }

  private Connection cutWhileStreaming(IntConsumer cut) throws Exception {
    return cutWhileStreaming(cut, new ArrayList<>());
  }

  /**
   * Streams K/key-1 and W from earliest, writes, cuts once {@code cut} (given the serving
   * instance) has something to cut, then checks every subscription's set; returns the connection
   * that was cut and leaves the successful connections in {@code connections}.
   */
  private Connection cutWhileStreaming(IntConsumer cut, List<Connection> connections) throws Exception {
    String keyed = topic();
    String whole = topic();
    String url = cluster.httpUrl() + "/v1/stream?sub=" + URLEncoder.encode(keyed + "/" + KEY, StandardCharsets.UTF_8)
        + "&sub=" + URLEncoder.encode(whole, StandardCharsets.UTF_8) + "&from=earliest";
    try (ReconnectingSseClient c = ReconnectingSseClient.open(url, Map.of(), 30);
        PacedProducer writes = PacedProducer.start(SharedKafka.broker().bootstrapServers(), List.of(keyed, whole), KEYS,
            RATE, MAX_RECORDS, MAX_WRITING)) {
      assertThat(c.await(e -> messages(e).size() >= 1_500, WAIT)).as("1,500 messages before the cut").isTrue();
      Connection served = lastGood(c);
      long cutAt = System.currentTimeMillis();
      cut.accept(instanceOf(served));
      assertThat(c.await(e -> c.connections().stream().anyMatch(x -> x.status() == 200 && x.atMillis() > cutAt), WAIT))
          .as("a new stream after the cut; connections %s", c.connections()).isTrue();
      assertThat(writes.awaitDone(WAIT)).as("the writer finished").isTrue();
      assertThat(writes.failed()).as("failed writes").isZero();
      Set<String> expectedKeyed = writes.written(keyed, KEY);
      Set<String> expectedWhole = writes.written(whole, null);
      int total = expectedKeyed.size() + expectedWhole.size();
      assertThat(c.await(e -> messages(e).size() >= total, WAIT)).as("%d messages", total).isTrue();
      Delivered.settle();
      List<Event> events = c.events();
      assertExactlyOnceInOrder(events, keyed, expectedKeyed);
      assertExactlyOnceInOrder(events, whole, expectedWhole);
      assertThat(events).as("gaps").noneMatch(e -> "gap".equals(e.data().getString("type")));
      // every subscription of the new stream resumed from the id, not from `from`
      List<JsonObject> resumed = events.stream().filter(e -> "subscribed".equals(e.data().getString("type"))
          && c.connections().get(e.connection()).atMillis() > cutAt).map(Event::data).toList();
      assertThat(resumed).as("subscribed after the cut").isNotEmpty().allMatch(s -> s.getBoolean("recovered"));
      c.connections().stream().filter(x -> x.status() == 200).forEach(connections::add);
      LOG.info("SSE through nginx: {} records written ({} of {}/{}, {} of {}), connections {}", writes.sent(),
          expectedKeyed.size(), keyed, KEY, expectedWhole.size(), whole, c.connections());
      return served;
    }
  }

  /** The messages of {@code topic} in arrival order; asserts the set, 0 duplicates, increasing offsets. */
  private static void assertExactlyOnceInOrder(List<Event> events, String topic, Set<String> expected) {
    List<String> got = new ArrayList<>();
    Map<Integer, Long> last = new HashMap<>();
    List<String> outOfOrder = new ArrayList<>();
    for (JsonObject m : messages(events)) {
      if (!topic.equals(m.getString("topic"))) {
        continue;
      }
      int p = m.getInteger("partition");
      long o = m.getLong("offset");
      got.add(p + "@" + o);
      Long before = last.put(p, o);
      if (before != null && before >= o) {
        outOfOrder.add(p + "@" + before + "->" + o);
      }
    }
    Set<String> distinct = new HashSet<>(got);
    Set<String> lost = new HashSet<>(expected);
    lost.removeAll(distinct);
    Set<String> stray = new HashSet<>(distinct);
    stray.removeAll(expected);
    assertThat(got.size() - distinct.size()).as("duplicates of %s", topic).isZero();
    assertThat(lost).as("lost of %s (%d expected)", topic, expected.size()).isEmpty();
    assertThat(stray).as("stray of %s", topic).isEmpty();
    assertThat(outOfOrder).as("out of offset order in %s", topic).isEmpty();
  }

  private static List<JsonObject> messages(List<Event> events) {
    return events.stream().map(Event::data).filter(d -> "message".equals(d.getString("type"))).toList();
  }

  private static Connection lastGood(ReconnectingSseClient c) {
    List<Connection> all = c.connections();
    for (int i = all.size() - 1; i >= 0; i--) {
      if (all.get(i).status() == 200) {
        return all.get(i);
      }
    }
    throw new AssertionError("no stream answered 200: " + all);
  }

  /** Which instance answered (nginx's $upstream_addr: its last address is the one that answered). */
  private static int instanceOf(Connection c) {
    String[] tried = c.upstream().split(",\\s*");
    int port = Integer.parseInt(tried[tried.length - 1].substring(tried[tried.length - 1].lastIndexOf(':') + 1));
    for (int i = 0; i < cluster.size(); i++) {
      if (cluster.instance(i).spec().port() == port) {
        return i;
      }
    }
    throw new AssertionError("no instance on " + c.upstream());
  }

  private static String topic() {
    String t = SharedKafka.uniqueTopic("lc-sse-cluster");
    SharedKafka.broker().createTopic(t, PARTITIONS);
    return t;
  }
}
