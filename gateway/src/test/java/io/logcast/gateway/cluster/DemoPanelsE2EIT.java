package io.logcast.gateway.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import io.logcast.gateway.NodeScript;
import io.logcast.testkit.FreePort;
import io.logcast.testkit.GatewayCluster;
import io.logcast.testkit.Poll;
import io.logcast.testkit.SharedKafka;
import io.vertx.core.json.JsonObject;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The demo page's price board and Topics panels in headless Chromium (client-js/e2e/demo.e2e.mjs)
 * against a gateway JVM behind nginx and a real broker, all on the page's one connection beside the
 * order list. The price board starts from a snapshot of a compacted topic: its tiles must be exactly
 * the latest record of every key that is not deleted (by (partition, offset)), then follow live
 * quotes and tombstones. The Topics panel subscribes a pattern: it must count the messages of every
 * matching topic, including a topic created after the page subscribed.
 */
class DemoPanelsE2EIT {
  private static final Logger LOG = LoggerFactory.getLogger(DemoPanelsE2EIT.class);
  private static final int SYMBOLS = 40;
  private static final Duration ANSWER = Duration.ofSeconds(100);
  private static final Duration SETTLE = Duration.ofSeconds(60);

  private static final String PREFIX = SharedKafka.uniqueTopic("lc-e2epanels");
  private static final String ORDERS = PREFIX + ".orders";
  private static final String PRICES = PREFIX + ".prices";
  private static final String LATE = PREFIX + ".late";

  private static Path work;
  private static GatewayCluster cluster;
  private static KafkaProducer<String, String> producer;

  @BeforeAll
  static void start() throws Exception {
    work = Path.of("target", "e2e-panels").toAbsolutePath();
    Files.createDirectories(work);
    SharedKafka.broker().createTopic(ORDERS, 3);
    SharedKafka.broker().createCompactedTopic(PRICES, 2);
    cluster = GatewayCluster.start(new GatewayCluster.Options(1, FreePort.range(1), FreePort.range(1),
        FreePort.range(1), FreePort.range(1), SharedKafka.broker().bootstrapServers(),
        Map.of("LOGCAST_SERVER_EVENT_LOOPS", "1", "LOGCAST_SNAPSHOT_TOPICS", PREFIX + ".*",
            "LOGCAST_LIVE_TOPIC_CHECK_MS", "1000"),
        List.of("--demo-page"), work.resolve("cluster")));
    producer = new KafkaProducer<>(Map.of("bootstrap.servers", SharedKafka.broker().bootstrapServers(),
        "acks", "all", "linger.ms", 5), new StringSerializer(), new StringSerializer());
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

  @Test
  @Timeout(value = 5, unit = TimeUnit.MINUTES)
  void thePriceBoardIsTheLatestQuoteOfEverySymbolThenLiveAndThePatternCountsEveryTopic() throws Exception {
    long startedAt = System.currentTimeMillis();
    // before the page: every symbol, then new quotes of half of them, then 5 delisted (tombstones)
    Map<String, String> expected = new TreeMap<>(); // symbol -> "partition:offset" of its latest quote
    for (int round = 0; round < 2; round++) {
      for (int s = 0; s < (round == 0 ? SYMBOLS : SYMBOLS / 2); s++) {
        expected.put(symbol(s), at(quote(s, 100 + round)));
      }
    }
    for (int s = 0; s < 5; s++) {
      tombstone(s);
      expected.remove(symbol(s));
    }

    Path shot = work.resolve("demo-panels.png");
    Files.deleteIfExists(shot);
    String url = cluster.httpUrl() + "/?topic=" + enc(ORDERS) + "&from=earliest&persist=0&transport=websocket"
        + "&prices=" + enc(PRICES) + "&topics=" + enc(PREFIX + ".*");
    NodeScript page = NodeScript.start(Path.of(System.getProperty("basedir", ".")).toAbsolutePath().normalize()
        .getParent().resolve("client-js/e2e"), work.resolve("page-driver.log"), "demo.e2e.mjs", url, shot.toString(),
        "240000");
    try {
      assertThat(page.next(ANSWER)).as("the page's first line").startsWith("NODE gw-");

      JsonObject p = await(page, "the snapshot, rendered",
          j -> j.getJsonObject("prices").getValue("snapshot") != null && rendered(j)).getJsonObject("prices");
      assertThat(p.getString("error")).as("price board error").isNull();
      assertThat(p.getInteger("snapshot")).as("keys in the snapshot").isEqualTo(expected.size());
      assertThat(positions(p)).as("(partition, offset) of every tile after the snapshot").isEqualTo(expected);
      assertThat(p.getJsonObject("board").stream().allMatch(e -> ((JsonObject) e.getValue()).getBoolean("snapshot")))
          .as("every tile from the snapshot").isTrue();
      assertThat(p.getJsonArray("tiles").getList()).as("tiles on the page, in symbol order")
          .isEqualTo(List.copyOf(expected.keySet()));

      // live: 10 new quotes, 2 more delisted, one listed again
      for (int s = 10; s < 20; s++) {
        expected.put(symbol(s), at(quote(s, 200)));
      }
      for (int s = 20; s < 22; s++) {
        tombstone(s);
        expected.remove(symbol(s));
      }
      expected.put(symbol(0), at(quote(0, 300)));
      p = await(page, "13 live updates, rendered",
          j -> j.getJsonObject("prices").getInteger("live") >= 13 && rendered(j)).getJsonObject("prices");
      assertThat(p.getInteger("live")).as("live updates").isEqualTo(13);
      assertThat(p.getInteger("delisted")).as("live tombstones").isEqualTo(2);
      assertThat(p.getInteger("starts")).as("snapshots begun").isEqualTo(1);
      assertThat(positions(p)).as("(partition, offset) of every tile after the live updates").isEqualTo(expected);
      assertThat(p.getJsonArray("tiles").getList()).as("tiles on the page").isEqualTo(List.copyOf(expected.keySet()));

      // the pattern: the orders and prices topics from latest, then a topic created later
      List<Future<RecordMetadata>> orders = new ArrayList<>();
      for (int i = 0; i < 30; i++) {
        orders.add(producer.send(new ProducerRecord<>(ORDERS, "order-" + i % 6, "{\"seq\":" + i + ",\"status\":\"paid\"}")));
      }
      producer.flush();
      for (Future<RecordMetadata> f : orders) {
        f.get(30, TimeUnit.SECONDS);
      }
      assertThat(page.ask("EXPECT 30 60000", ANSWER)).as("the order list").startsWith("OK 30 ");
      SharedKafka.broker().createTopic(LATE, 1);
      for (int i = 0; i < 5; i++) {
        producer.send(new ProducerRecord<>(LATE, "k", "{\"n\":" + i + "}")).get(30, TimeUnit.SECONDS);
      }
      JsonObject t = await(page, "the late topic's 5 messages",
          j -> j.getJsonObject("topics").getJsonObject("counts").getInteger(LATE, 0) >= 5).getJsonObject("topics");
      assertThat(t.getString("error")).as("Topics panel error").isNull();
      assertThat(t.getBoolean("ready")).isTrue();
      assertThat(t.getJsonObject("counts").getMap()).as("messages counted per topic")
          .containsEntry(ORDERS, 30).containsEntry(LATE, 5).containsEntry(PRICES, 13).hasSize(3);
      assertThat(t.getJsonArray("rows").getList()).as("rows of the Topics panel")
          .isEqualTo(List.of(LATE, ORDERS, PRICES));

      assertThat(page.ask("SHOT", ANSWER)).isEqualTo("SHOT " + shot);
      assertThat(shot).isNotEmptyFile();
      assertThat(page.ask("QUIT", ANSWER)).isEqualTo("DONE");
      assertThat(page.exitCode(Duration.ofSeconds(30))).as("page driver exit code").isZero();
      LOG.info("demo panels e2e result: snapshot of {} symbols exact, 13 live updates (2 delisted) exact, pattern "
          + "counts {}; screenshot {}; test took {} ms", SYMBOLS - 5, t.getJsonObject("counts"), shot,
          System.currentTimeMillis() - startedAt);
    } finally {
      page.close();
    }
  }

  /** Asks PANELS until {@code done} holds; fails with the last answer after {@link #SETTLE}. */
  private static JsonObject await(NodeScript page, String what, Predicate<JsonObject> done) {
    JsonObject[] last = {null};
    if (!Poll.within(SETTLE, () -> done.test(last[0] = panels(page)))) {
      throw new AssertionError("waited " + SETTLE + " for " + what + "; the panels: " + last[0]);
    }
    return last[0];
  }

  private static JsonObject panels(NodeScript page) {
    String line;
    try {
      line = page.ask("PANELS", ANSWER);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError("interrupted while asking the page", e);
    }
    assertThat(line).as("the driver's answer").startsWith("PANELS ");
    return new JsonObject(line.substring("PANELS ".length()));
  }

  /**
   * The page draws the board on its next animation frame: the tiles in the DOM show the board's
   * symbols (the state the driver reports at once) only after that frame has run.
   */
  private static boolean rendered(JsonObject panels) {
    JsonObject prices = panels.getJsonObject("prices");
    return prices.getJsonArray("tiles").getList().equals(List.copyOf(positions(prices).keySet()));
  }

  /** symbol -> "partition:offset" of the board's tiles. */
  private static Map<String, String> positions(JsonObject prices) {
    Map<String, String> out = new TreeMap<>();
    prices.getJsonObject("board").forEach(e -> {
      JsonObject m = (JsonObject) e.getValue();
      out.put(e.getKey(), m.getInteger("partition") + ":" + m.getLong("offset"));
    });
    return out;
  }

  private static RecordMetadata quote(int s, double bid) throws Exception {
    return producer.send(new ProducerRecord<>(PRICES, symbol(s), "{\"symbol\":\"" + symbol(s) + "\",\"bid\":" + bid
        + ",\"ask\":" + (bid + 0.5) + "}")).get(30, TimeUnit.SECONDS);
  }

  private static void tombstone(int s) throws Exception {
    producer.send(new ProducerRecord<>(PRICES, symbol(s), null)).get(30, TimeUnit.SECONDS);
  }

  private static String symbol(int s) {
    return "SYM%02d".formatted(s);
  }

  private static String at(RecordMetadata m) {
    return m.partition() + ":" + m.offset();
  }

  private static String enc(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8);
  }
}
