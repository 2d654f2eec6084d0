package io.logcast.gateway.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import io.logcast.gateway.NodeScript;
import io.logcast.testkit.FreePort;
import io.logcast.testkit.GatewayCluster;
import io.logcast.testkit.SharedKafka;
import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The browser SDK end to end: the demo page in headless Debian Chromium (client-js/e2e/demo.e2e.mjs,
 * playwright-core, no browser download) against two gateway JVMs behind nginx and a real broker.
 * The page subscribes to a fresh topic from earliest; records numbered 0..99 are written straight to
 * Kafka; the instance the page is connected to is SIGKILLed; 100..199 are written while it is down.
 * Oracle (checked in the page): its received list holds every seq exactly once, offsets increasing
 * per partition, and it is now connected to the other instance. Artifact: a screenshot of the page
 * after the failover, {@code target/e2e/demo-after-failover.png}. The same again with WebSocket
 * disabled in the SDK (the page's {@code transport=sse}): Server-Sent Events, resumed by position.
 * And the list and detail page on one connection: the detail of one order (its history over HTTP,
 * then its live records from a keyed subscription) beside the whole-topic list. (The price board and
 * Topics panels are off here: {@link DemoPanelsE2EIT} covers them.)
 */
class BrowserE2EIT {
  private static final Logger LOG = LoggerFactory.getLogger(BrowserE2EIT.class);
  private static final int INSTANCES = 2;
  private static final int PARTITIONS = 3;
  private static final int KEYS = DemoOrders.KEYS;
  private static final Duration ANSWER = Duration.ofSeconds(100);

  private static Path e2eDir;
  private static Path work;
  private static GatewayCluster cluster;
  private static DemoOrders orders;
  /** Each test's own topic, and its page. */
  private String topic;
  private NodeScript page;

  @BeforeAll
  static void start() throws IOException {
    // failsafe runs in the module directory (gateway/); the SDK and its e2e driver are beside it
    Path repo = Path.of(System.getProperty("basedir", ".")).toAbsolutePath().normalize().getParent();
    e2eDir = repo.resolve("client-js/e2e");
    assertThat(e2eDir.resolve("demo.e2e.mjs")).as("the page driver").isRegularFile();
    work = Path.of("target", "e2e").toAbsolutePath();
    Files.createDirectories(work);

    cluster = GatewayCluster.start(new GatewayCluster.Options(INSTANCES, FreePort.range(1),
        FreePort.range(INSTANCES), FreePort.range(INSTANCES), FreePort.range(INSTANCES),
        SharedKafka.broker().bootstrapServers(), Map.of("LOGCAST_SERVER_EVENT_LOOPS", "1"), List.of("--demo-page"),
        work.resolve("cluster")));
    orders = new DemoOrders(SharedKafka.broker().bootstrapServers());
  }

  /** A fresh topic, and every instance up: the other test may have killed one. */
  @BeforeEach
  void wholeCluster() {
    topic = SharedKafka.uniqueTopic("lc-e2e");
    SharedKafka.broker().createTopic(topic, PARTITIONS);
    for (int i = 0; i < INSTANCES; i++) {
      if (!cluster.instance(i).isAlive()) {
        cluster.restart(i).awaitReady(Duration.ofSeconds(60));
      }
    }
  }

  @AfterEach
  void closePage() {
    if (page != null) {
      page.close();
    }
  }

  @AfterAll
  static void stop() {
    if (orders != null) {
      orders.close();
    }
    if (cluster != null) {
      cluster.close();
    }
  }

  @Test
  @Timeout(value = 8, unit = TimeUnit.MINUTES)
  void thePageGetsEveryRecordOnceInOrderThroughTheKillOfItsInstance() throws Exception {
    long startedAt = System.currentTimeMillis();
    Path shot = work.resolve("demo-after-failover.png");
    Files.deleteIfExists(shot);
    String url = cluster.httpUrl() + "/?topic=" + URLEncoder.encode(topic, StandardCharsets.UTF_8)
        + "&from=earliest&persist=0&prices=off&topics=off";
    page = NodeScript.start(e2eDir, work.resolve("page-driver.log"), "demo.e2e.mjs", url, shot.toString(), "300000");

    String first = page.next(ANSWER);
    assertThat(first).as("the page's first line").startsWith("NODE gw-");
    String victimNode = first.substring("NODE ".length());
    int victim = Integer.parseInt(victimNode.substring("gw-".length())) - 1;
    String otherNode = cluster.instance(1 - victim).spec().nodeId();
    assertThat(cluster.instance(victim).spec().nodeId()).isEqualTo(victimNode);

    orders.publish(topic, 0, 100);
    Map<String, String> before = ok(page.ask("EXPECT 100 60000", ANSWER), 100);
    assertThat(before.get("node")).as("node before the kill").isEqualTo(victimNode);

    long killAt = System.currentTimeMillis();
    cluster.instance(victim).kill();
    // while the page's instance is down (the page may already be back on the other one)
    orders.publish(topic, 100, 200);

    Map<String, String> after = ok(page.ask("EXPECT 200 90000", ANSWER), 200);
    assertThat(after.get("node")).as("node after the kill of %s", victimNode).isEqualTo(otherNode);
    assertThat(Integer.parseInt(after.get("reconnects"))).as("reconnects").isGreaterThanOrEqualTo(1);
    long resumedAt = Long.parseLong(after.get("connectedAt"));
    assertThat(resumedAt).as("the page's last connection is after the kill").isGreaterThanOrEqualTo(killAt);

    screenshotAndQuit(shot);

    LOG.info("browser e2e result: 200 records, every seq once and in offset order in the page; killed {} at {}, "
            + "the page resumed on {} {} ms later (resumed={}); reconnects={}, duplicates dropped by the SDK={}, "
            + "SDK errors={}; screenshot {}; test took {} ms", victimNode, killAt, after.get("node"),
        resumedAt - killAt, after.get("resumed"), after.get("reconnects"), after.get("duplicates"),
        after.get("errors"), shot, System.currentTimeMillis() - startedAt);
  }

  @Test
  @Timeout(value = 8, unit = TimeUnit.MINUTES)
  void overSseThePageGetsEveryRecordOnceInOrderThroughTheKillOfItsInstance() throws Exception {
    long startedAt = System.currentTimeMillis();
    Path shot = work.resolve("sse-demo-after-failover.png");
    Files.deleteIfExists(shot);
    String url = cluster.httpUrl() + "/?topic=" + URLEncoder.encode(topic, StandardCharsets.UTF_8)
        + "&from=earliest&persist=0&prices=off&topics=off&transport=sse";
    page = NodeScript.start(e2eDir, work.resolve("page-driver.log"), "demo.e2e.mjs", url, shot.toString(), "300000");

    assertThat(page.next(ANSWER)).as("the page's first line (a stream names no node)").isEqualTo("NODE -");
    long[] framesBefore = FrameCounters.read(cluster);

    orders.publish(topic, 0, 100);
    Map<String, String> before = ok(page.ask("EXPECT 100 60000", ANSWER), 100);
    assertThat(before.get("transport")).as("transport before the kill").isEqualTo("sse");
    long[] framesAfter = FrameCounters.read(cluster);
    int victim = FrameCounters.serving(framesBefore, framesAfter);

    long killAt = System.currentTimeMillis();
    cluster.instance(victim).kill();
    // while the stream's instance is down (the page may already be back on the other one)
    orders.publish(topic, 100, 200);

    Map<String, String> after = ok(page.ask("EXPECT 200 90000", ANSWER), 200);
    assertThat(after.get("transport")).as("transport after the kill").isEqualTo("sse");
    assertThat(Integer.parseInt(after.get("reconnects"))).as("reconnects").isGreaterThanOrEqualTo(1);
    long reconnectedAt = Long.parseLong(after.get("connectedAt"));
    assertThat(reconnectedAt).as("the page's last connection is after the kill").isGreaterThanOrEqualTo(killAt);
    long[] framesLater = FrameCounters.read(cluster, 1 - victim);
    assertThat(framesLater[1 - victim]).as("frames written by the surviving instance %s",
        cluster.instance(1 - victim).spec().nodeId()).isGreaterThan(framesAfter[1 - victim]);

    screenshotAndQuit(shot);

    LOG.info("SSE browser e2e result: 200 records, every seq once and in offset order in the page; killed {} at {}, "
            + "the page streamed again {} ms later; reconnects={}, duplicates dropped by the SDK={}, SDK errors={}; "
            + "screenshot {}; test took {} ms", cluster.instance(victim).spec().nodeId(), killAt,
        reconnectedAt - killAt, after.get("reconnects"), after.get("duplicates"), after.get("errors"), shot,
        System.currentTimeMillis() - startedAt);
  }

  @Test
  @Timeout(value = 5, unit = TimeUnit.MINUTES)
  void theDetailOfOneOrderGetsItsHistoryThenItsLiveRecordsOnceOnTheListsConnection() throws Exception {
    long startedAt = System.currentTimeMillis();
    Path shot = work.resolve("demo-detail.png");
    Files.deleteIfExists(shot);
    String url = cluster.httpUrl() + "/?topic=" + URLEncoder.encode(topic, StandardCharsets.UTF_8)
        + "&from=earliest&persist=0&prices=off&topics=off&transport=websocket";
    page = NodeScript.start(e2eDir, work.resolve("page-driver.log"), "demo.e2e.mjs", url, shot.toString(), "240000");
    String first = page.next(ANSWER);
    assertThat(first).as("the page's first line").startsWith("NODE gw-");
    String node = first.substring("NODE ".length());

    // 3 records of each of the 12 orders, then the detail of one of them: its history
    int index = 4;
    String key = DemoOrders.key(index);
    List<RecordMetadata> history = orders.publish(topic, 0, 3 * KEYS);
    ok(page.ask("EXPECT " + 3 * KEYS + " 60000", ANSWER), 3 * KEYS);
    Map<String, String> shown = ok(page.ask("DETAIL " + key + " 3 60000", ANSWER), 3);
    assertThat(shown).as("the detail of %s from history", key)
        .containsEntry("history", "3").containsEntry("live", "0").containsEntry("connections", "1")
        .containsEntry("node", node);
    String session = shown.get("session");
    List<String> fromHistory = positions(shown);
    assertThat(duplicates(fromHistory)).as("records twice in the history of %s: %s", key, fromHistory).isZero();
    assertThat(Set.copyOf(fromHistory)).as("(partition, offset) of %s from history", key)
        .isEqualTo(DemoOrders.positionsOf(history, 0, key));

    // 3 more of each order: the detail gets that order's live, the list everything
    List<RecordMetadata> live = orders.publish(topic, 3 * KEYS, 6 * KEYS);
    Map<String, String> updated = ok(page.ask("DETAIL " + key + " 6 60000", ANSWER), 6);
    assertThat(updated).as("the detail of %s, history then live", key)
        .containsEntry("history", "3").containsEntry("live", "3").containsEntry("connections", "1")
        .containsEntry("node", node).containsEntry("session", session);
    List<String> all = positions(updated);
    assertThat(duplicates(all)).as("records twice in the detail of %s: %s", key, all).isZero();
    assertThat(all.subList(0, 3)).as("the history part is unchanged").isEqualTo(fromHistory);
    Set<String> expected = new HashSet<>(DemoOrders.positionsOf(history, 0, key));
    expected.addAll(DemoOrders.positionsOf(live, 3 * KEYS, key));
    assertThat(expected).as("the records of %s written", key).hasSize(6);
    assertThat(Set.copyOf(all)).as("(partition, offset) of %s in its detail", key).isEqualTo(expected);

    Map<String, String> list = ok(page.ask("EXPECT " + 6 * KEYS + " 60000", ANSWER), 6 * KEYS);
    assertThat(list).as("the list, on the same connection")
        .containsEntry("node", node).containsEntry("reconnects", "0").containsEntry("duplicates", "0")
        .containsEntry("errors", "0").containsEntry("transport", "websocket");

    screenshotAndQuit(shot);

    LOG.info("browser e2e detail result: {} records in the list, every seq once; the detail of {}: {} from history "
            + "then {} live, each once, on the list's one connection (node {}, session {}); screenshot {}; test took {} ms",
        6 * KEYS, key, fromHistory.size(), all.size() - fromHistory.size(), node, session, shot,
        System.currentTimeMillis() - startedAt);
  }

  /** The {@code records=} of a DETAIL answer: "partition:offset" in the panel's order. */
  private static List<String> positions(Map<String, String> fields) {
    String records = fields.getOrDefault("records", "");
    return records.isEmpty() ? List.of() : List.of(records.split(","));
  }

  private static long duplicates(List<String> positions) {
    return positions.size() - positions.stream().distinct().count();
  }

  /** The page's screenshot to {@code shot}, then the driver quits and exits 0. */
  private void screenshotAndQuit(Path shot) throws InterruptedException {
    assertThat(page.ask("SHOT", ANSWER)).isEqualTo("SHOT " + shot);
    assertThat(shot).isNotEmptyFile();
    assertThat(page.ask("QUIT", ANSWER)).isEqualTo("DONE");
    assertThat(page.exitCode(Duration.ofSeconds(30))).as("page driver exit code").isZero();
  }

  /** The fields of {@code OK <n> k=v...}; fails with the driver's own reason otherwise. */
  private static Map<String, String> ok(String line, int n) {
    assertThat(line).as("the page's verdict").startsWith("OK " + n + " ");
    Map<String, String> fields = new HashMap<>();
    for (String part : line.split(" ")) {
      int eq = part.indexOf('=');
      if (eq > 0) {
        fields.put(part.substring(0, eq), part.substring(eq + 1));
      }
    }
    return fields;
  }
}
