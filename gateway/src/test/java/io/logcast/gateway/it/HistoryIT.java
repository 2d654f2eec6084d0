package io.logcast.gateway.it;

import static io.logcast.gateway.GatewayFixture.WAIT;
import static io.logcast.gateway.GatewayFixture.subscribe;
import static org.assertj.core.api.Assertions.assertThat;

import io.logcast.gateway.GatewayFixture;
import io.logcast.testkit.Poll;
import io.logcast.testkit.ProtocolClient;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * History over HTTP against the real broker: pages cover every record once in each direction, a
 * keyed page holds its key only, a range deleted between pages is an exact gap, a backward page's
 * position continues live with nothing missed, and bad requests get JSON errors.
 */
class HistoryIT {
  private static GatewayFixture gw;
  private static GatewayFixture secured;

  @BeforeAll
  static void start() {
    // small chunks: a page takes several reads, as on a real topic
    gw = GatewayFixture.start(Map.of("replay.chunkRecords", "25", "history.perSecond", "0"));
    Map<String, String> auth = new HashMap<>(AuthSupport.hs256Config());
    auth.put("history.perSecond", "2");
    secured = GatewayFixture.start(auth);
  }

  @AfterAll
  static void stop() {
    gw.close();
    secured.close();
  }

  /** Writes {@code n} records over the keys k0..k9; their positions as "p@o", by key. */
  private static Map<String, Set<String>> write(String topic, int n) {
    Map<String, Set<String>> byKey = new HashMap<>();
    for (int i = 0; i < n; i++) {
      String key = "k" + (i % 10);
      RecordMetadata md = gw.produce(topic, key, "{\"i\":" + i + "}");
      byKey.computeIfAbsent(key, k -> new HashSet<>()).add(md.partition() + "@" + md.offset());
    }
    return byKey;
  }

  private static Set<String> all(Map<String, Set<String>> byKey) {
    Set<String> all = new HashSet<>();
    byKey.values().forEach(all::addAll);
    return all;
  }

  private static HttpResponse<String> get(GatewayFixture g, String topic, String query, String token) {
    return g.get(g.httpUrl() + "/v1/topics/" + topic + "/messages" + (query.isEmpty() ? "" : "?" + query), token);
  }

  private static JsonObject page(String topic, String query) {
    HttpResponse<String> r = get(gw, topic, query, null);
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    return new JsonObject(r.body());
  }

  /** Every page from {@code first} on, following {@code next} with the parameters {@code each} (key, limit). */
  private static List<JsonObject> pages(String topic, String first, String each) {
    List<JsonObject> pages = new ArrayList<>();
    JsonObject p = page(topic, first);
    pages.add(p);
    while (p.getString("next") != null && pages.size() < 100) {
      String q = "cursor=" + p.getString("next") + "&" + each;
      p = page(topic, q);
      pages.add(p);
    }
    assertThat(p.getString("next")).as("paging ends").isNull();
    return pages;
  }

  private static List<JsonObject> messages(List<JsonObject> pages) {
    List<JsonObject> out = new ArrayList<>();
    pages.forEach(p -> p.getJsonArray("messages").forEach(m -> out.add((JsonObject) m)));
    return out;
  }

  private static String pos(JsonObject m) {
    return m.getInteger("partition") + "@" + m.getLong("offset");
  }

  /** The positions, and how many came more than once. */
  private static Set<String> once(List<JsonObject> messages, int[] duplicates) {
    Set<String> seen = new HashSet<>();
    for (JsonObject m : messages) {
      if (!seen.add(pos(m))) {
        duplicates[0]++;
      }
    }
    return seen;
  }

  /** Per partition, offsets only rise (forward) or only fall (backward) across the pages. */
  private static void assertPartitionOrder(List<JsonObject> messages, boolean forward) {
    Map<Integer, Long> last = new HashMap<>();
    for (JsonObject m : messages) {
      Long before = last.put(m.getInteger("partition"), m.getLong("offset"));
      if (before != null) {
        assertThat(forward ? m.getLong("offset") > before : m.getLong("offset") < before).as(pos(m)).isTrue();
      }
    }
  }

  @Test
  void forwardPagesDeliverEveryRecordOnceAcrossPartitions() {
    String topic = GatewayFixture.topic(3);
    Set<String> written = all(write(topic, 300));
    List<JsonObject> pages = pages(topic, "limit=40", "limit=40");
    List<JsonObject> got = messages(pages);
    int[] dup = {0};
    assertThat(once(got, dup)).isEqualTo(written);
    assertThat(dup[0]).as("duplicates").isZero();
    assertPartitionOrder(got, true);
    assertThat(pages).allSatisfy(p -> assertThat(p.getJsonArray("messages").size()).isLessThanOrEqualTo(40));
    assertThat(pages.size()).isGreaterThanOrEqualTo(8);
    assertThat(got.get(0).getString("type")).isEqualTo("message");
    assertThat(got.get(0).getString("topic")).isEqualTo(topic);
  }

  @Test
  void backwardPagesGoNewestFirstAndTheFirstPagesPositionContinuesLive() {
    String topic = GatewayFixture.topic(2);
    Set<String> written = all(write(topic, 100));
    List<JsonObject> pages = pages(topic, "direction=backward&limit=30", "limit=30");
    List<JsonObject> got = messages(pages);
    int[] dup = {0};
    assertThat(once(got, dup)).isEqualTo(written);
    assertThat(dup[0]).as("duplicates").isZero();
    assertPartitionOrder(got, false);
    JsonObject first = pages.get(0);
    assertThat(first.getJsonArray("messages")).hasSize(30);
    // history, then follow: a subscription from the first page's position gets what came after, once
    try (ProtocolClient c = gw.client()) {
      JsonObject sub = subscribe(c, 1, topic, null, first.getJsonObject("position"));
      assertThat(sub.getBoolean("recovered")).as(sub.encode()).isTrue();
      Set<String> later = all(write(topic, 20));
      assertThat(Poll.within(WAIT, () -> c.received().stream().filter(o -> "message".equals(o.getString("type")))
          .count() >= 20)).isTrue();
      List<JsonObject> live = GatewayFixture.ofType(c.received(), "message");
      int[] liveDup = {0};
      assertThat(once(live, liveDup)).isEqualTo(later);
      assertThat(liveDup[0]).isZero();
    }
  }

  @Test
  void aKeyedPageHoldsOnlyItsKeyAndACursorServesOnlyThatKey() {
    String topic = GatewayFixture.topic(3);
    Map<String, Set<String>> byKey = write(topic, 200);
    List<JsonObject> pages = pages(topic, "key=k3&limit=4", "key=k3&limit=4");
    List<JsonObject> got = messages(pages);
    int[] dup = {0};
    assertThat(once(got, dup)).isEqualTo(byKey.get("k3"));
    assertThat(dup[0]).isZero();
    assertThat(got).allSatisfy(m -> assertThat(m.getString("key")).isEqualTo("k3"));
    assertThat(pages.get(0).getString("key")).isEqualTo("k3");
    // backward over the same key: the same records, newest first
    List<JsonObject> back = messages(pages(topic, "key=k3&direction=backward&limit=3", "key=k3&limit=3"));
    assertThat(once(back, dup)).isEqualTo(byKey.get("k3"));
    assertThat(dup[0]).isZero();
    HttpResponse<String> other = get(gw, topic, "key=k4&cursor=" + pages.get(0).getString("next"), null);
    assertThat(other.statusCode()).isEqualTo(400);
    assertThat(new JsonObject(other.body()).getString("code")).isEqualTo("bad_request");
  }

  @Test
  void aRangeDeletedBetweenPagesIsAnExactGapInEitherDirection() {
    String topic = GatewayFixture.topic(1);
    write(topic, 100);
    JsonObject first = page(topic, "limit=20");
    assertThat(first.getJsonArray("messages")).hasSize(20);
    JsonObject back = page(topic, "direction=backward&limit=20");
    GatewayFixture.broker().deleteRecordsBefore(topic, 0, 50);
    JsonObject second = page(topic, "limit=20&cursor=" + first.getString("next"));
    assertThat(second.getJsonArray("gaps").encode()).isEqualTo(new JsonArray().add(new JsonObject().put("type", "gap")
        .put("topic", topic).put("partition", 0).put("from", 20).put("to", 50).put("reason", "retention")).encode());
    assertThat(second.getJsonArray("messages").getJsonObject(0).getLong("offset")).isEqualTo(50L);
    JsonObject older = page(topic, "limit=20&cursor=" + back.getString("next"));
    assertThat(older.getJsonArray("gaps").getJsonObject(0).getLong("from")).isZero();
    assertThat(older.getJsonArray("gaps").getJsonObject(0).getLong("to")).isEqualTo(50L);
    assertThat(messages(List.of(older))).extracting(m -> m.getLong("offset")).containsExactly(
        79L, 78L, 77L, 76L, 75L, 74L, 73L, 72L, 71L, 70L, 69L, 68L, 67L, 66L, 65L, 64L, 63L, 62L, 61L, 60L);
  }

  @Test
  void badRequestsGetJsonErrorsWithTheirStatus() {
    String topic = GatewayFixture.topic(1);
    write(topic, 3);
    String next = page(topic, "limit=1").getString("next");
    Map<String, Integer> cases = new java.util.LinkedHashMap<>();
    cases.put("limit=0", 400);
    cases.put("limit=1001", 400);
    cases.put("limit=x", 400);
    cases.put("direction=up", 400);
    cases.put("from=yesterday", 400);
    cases.put("from=time:-5", 400);
    cases.put("cursor=h1.f.nonsense", 400);
    cases.put("cursor=" + next + "&from=earliest", 400);
    cases.put("limit=1&limit=2", 400);
    cases.put("key=" + "k".repeat(1_025), 413);
    cases.forEach((q, status) -> {
      HttpResponse<String> r = get(gw, topic, q, null);
      assertThat(r.statusCode()).as(q).isEqualTo(status);
      assertThat(new JsonObject(r.body()).getString("type")).as(q).isEqualTo("error");
    });
    assertThat(get(gw, "other-topic", "", null).statusCode()).isEqualTo(403);
    assertThat(get(gw, "lc-no-such-topic-" + System.nanoTime(), "", null).statusCode()).isEqualTo(404);
    // a cursor of an older epoch (the topic deleted and re-created): 400 with reason "epoch"
    String[] parts = next.split("\\.");
    parts[2] = "AAAAAAAAAAAAAAAAAAAAAA";
    HttpResponse<String> stale = get(gw, topic, "cursor=" + URLEncoder.encode(String.join(".", parts),
        StandardCharsets.UTF_8), null);
    assertThat(stale.statusCode()).isEqualTo(400);
    assertThat(new JsonObject(stale.body()).getString("reason")).isEqualTo("epoch");
  }

  @Test
  void theTokenDecidesWhoMayReadAndHowOften() {
    String topic = GatewayFixture.topic(1);
    gw.produce(topic, "a", "1");
    assertThat(get(secured, topic, "", null).statusCode()).isEqualTo(401);
    String onlyOthers = AuthSupport.token("u1", 600, AuthSupport.list("lc-other-*"), AuthSupport.list());
    assertThat(get(secured, topic, "", onlyOthers).statusCode()).isEqualTo(403);
    String keyA = AuthSupport.token("u2", 600, AuthSupport.list(topic + "/a"), AuthSupport.list());
    assertThat(get(secured, topic, "", keyA).statusCode()).as("whole topic, key-only claim").isEqualTo(403);
    HttpResponse<String> ok = get(secured, topic, "key=a", keyA);
    assertThat(ok.statusCode()).as(ok.body()).isEqualTo(200);
    assertThat(new JsonObject(ok.body()).getJsonArray("messages")).hasSize(1);
    // history.perSecond 2: a burst of five is refused from the third on, for this principal only
    String u3 = AuthSupport.token("u3", 600, AuthSupport.list("lc-*"), AuthSupport.list());
    List<Integer> statuses = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      statuses.add(get(secured, topic, "", u3).statusCode());
    }
    assertThat(statuses).contains(429);
    assertThat(secured.metric("logcast_limit_rejections_total{kind=\"history_rate\"")).isGreaterThanOrEqualTo(1);
  }
}
