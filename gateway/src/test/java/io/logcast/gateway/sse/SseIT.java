package io.logcast.gateway.sse;

import static io.logcast.gateway.GatewayFixture.WAIT;
import static org.assertj.core.api.Assertions.assertThat;

import io.logcast.gateway.Delivered;
import io.logcast.gateway.GatewayFixture;
import io.logcast.gateway.SseClient;
import io.vertx.core.json.JsonObject;
import java.net.URLEncoder;
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

/** GET /v1/stream on a real gateway and broker: delivery, resume by Last-Event-ID, refusals, slow readers. */
class SseIT {
  private static final String PAD = "p".repeat(1000);
  private static final int STALLED_RECORDS = 20_000;
  private static GatewayFixture gw;

  @BeforeAll
  static void start() {
    gw = GatewayFixture.start(Map.of("limits.maxOutboundBytes", "16384", "limits.heartbeatMs", "500",
        "replay.chunkRecords", "200"));
  }

  @AfterAll
  static void stop() {
    gw.close();
  }

  private static String url(String query) {
    return gw.httpUrl() + "/v1/stream?" + query;
  }

  private static String sub(String topic, String key) {
    return "sub=" + URLEncoder.encode(key == null ? topic : topic + "/" + key, StandardCharsets.UTF_8);
  }

  /** Writes n records over keys k0..k4 (or the given key); "partition@offset" of those with {@code key}. */
  private static Set<String> write(String topic, int n, String key, Set<String> all) {
    Set<String> keyed = new HashSet<>();
    for (int i = 0; i < n; i++) {
      String k = key != null ? key : "k" + (i % 5);
      RecordMetadata md = gw.produce(topic, k, "{\"i\":" + i + "}");
      all.add(md.partition() + "@" + md.offset());
      if (k.equals("k1")) {
        keyed.add(md.partition() + "@" + md.offset());
      }
    }
    return keyed;
  }

  private static List<String> positions(SseClient c) {
    return c.messages().stream().map(m -> m.getInteger("partition") + "@" + m.getLong("offset")).toList();
  }

  private static void assertExactlyOnceInOrder(SseClient c, Set<String> expected) throws InterruptedException {
    assertThat(c.await(e -> positions(c).size() >= expected.size(), WAIT)).as("%d messages", expected.size()).isTrue();
    Delivered.settle();
    List<String> got = positions(c);
    assertThat(got).as("no duplicates").doesNotHaveDuplicates();
    assertThat(new HashSet<>(got)).isEqualTo(expected);
    Map<Integer, Long> last = new HashMap<>();
    for (JsonObject m : c.messages()) {
      Long before = last.put(m.getInteger("partition"), m.getLong("offset"));
      assertThat(before == null || before < m.getLong("offset")).as("offset order per partition").isTrue();
    }
  }

  @Test
  void aKeyedAndAWholeTopicStreamGetTheirRecordsOnceInOrderEachWithItsPosition() throws Exception {
    String topic = GatewayFixture.topic(3);
    Set<String> all = new HashSet<>();
    Set<String> k1 = write(topic, 30, null, all);
    try (SseClient whole = SseClient.open(url(sub(topic, null) + "&from=earliest"), Map.of());
        SseClient keyed = SseClient.open(url(sub(topic, "k1") + "&from=earliest"), Map.of())) {
      assertThat(whole.status()).isEqualTo(200);
      k1.addAll(write(topic, 120, null, all));
      assertExactlyOnceInOrder(whole, all);
      assertExactlyOnceInOrder(keyed, k1);
      SseClient.Event first = keyed.events().get(0);
      assertThat(first.data().getString("type")).isEqualTo("subscribed");
      assertThat(first.data().getString("key")).isEqualTo("k1");
      assertThat(first.data().containsKey("id")).isFalse();
      assertThat(first.id()).startsWith("1~" + first.data().getString("epoch") + ".0.0.0");
      // every message carries the position after it
      for (SseClient.Event e : whole.events()) {
        if ("message".equals(e.data().getString("type"))) {
          int p = e.data().getInteger("partition");
          String[] offsets = e.id().split("~")[1].split("\\.");
          assertThat(Long.parseLong(offsets[1 + p])).isEqualTo(e.data().getLong("offset") + 1);
        }
      }
      assertThat(whole.await(e -> whole.comments() > 0, WAIT)).as("a heartbeat comment").isTrue();
    }
  }

  @Test
  void lastEventIdResumesExactlyAfterTheLastEventProcessed() throws Exception {
    String topic = GatewayFixture.topic(2);
    Set<String> first = new HashSet<>();
    write(topic, 40, null, first);
    String lastId;
    try (SseClient c = SseClient.open(url(sub(topic, null) + "&from=earliest"), Map.of())) {
      assertExactlyOnceInOrder(c, first);
      // the client processed up to the 25th message, then the connection died
      SseClient.Event cut = c.events().stream().filter(e -> "message".equals(e.data().getString("type")))
          .skip(24).findFirst().orElseThrow();
      lastId = cut.id();
    }
    Set<String> delivered = new HashSet<>(first);
    write(topic, 30, null, delivered);
    try (SseClient c = SseClient.open(url(sub(topic, null) + "&from=earliest"), Map.of("Last-Event-ID", lastId))) {
      JsonObject subscribed = c.events().isEmpty() ? null : c.events().get(0).data();
      Set<String> expected = new HashSet<>(delivered);
      // everything after the 25 processed ones: 15 of the first write, then the 30
      assertThat(c.await(e -> positions(c).size() >= 45, WAIT)).isTrue();
      Delivered.settle();
      List<String> got = positions(c);
      assertThat(got).doesNotHaveDuplicates().hasSize(45);
      assertThat(expected).containsAll(got);
      subscribed = c.events().get(0).data();
      assertThat(subscribed.getBoolean("recovered")).isTrue();
      assertThat(c.events().stream().filter(e -> "gap".equals(e.data().getString("type")))).isEmpty();
    }
  }

  @Test
  void badPositionsAndRefusalsAreHttpErrorsWithJsonBodies() throws Exception {
    String topic = GatewayFixture.topic(1);
    String other = GatewayFixture.topic(1);
    assertRefused(url(sub(topic, null)), Map.of("Last-Event-ID", "garbage"), 400, "bad_request");
    assertRefused(url(sub(topic, null)), Map.of("Last-Event-ID", "1~a.0~b.0"), 400, "bad_request");
    assertRefused(url(""), Map.of(), 400, "bad_request");
    assertRefused(url(sub(topic, null) + "&" + sub(topic, "k")), Map.of(), 400, "bad_request");
    assertRefused(url(sub(topic, null) + "&from=yesterday"), Map.of(), 400, "bad_request");
    assertRefused(url(sub("not-exposed", null)), Map.of(), 403, "forbidden");
    assertRefused(url(sub("lc-no-such-topic-x", null)), Map.of(), 404, "not_found");
    // another topic's position: its epoch is not this topic's, so the subscription starts at the end
    String otherId;
    try (SseClient c = SseClient.open(url(sub(other, null)), Map.of())) {
      assertThat(c.await(e -> !e.isEmpty(), WAIT)).isTrue();
      otherId = c.events().get(0).id();
    }
    try (SseClient c = SseClient.open(url(sub(topic, null)), Map.of("Last-Event-ID", otherId))) {
      assertThat(c.status()).isEqualTo(200);
      assertThat(c.await(e -> !e.isEmpty(), WAIT)).isTrue();
      JsonObject subscribed = c.events().get(0).data();
      assertThat(subscribed.getBoolean("recovered")).isFalse();
      assertThat(subscribed.getString("reason")).isEqualTo("epoch");
    }
  }

  private static void assertRefused(String url, Map<String, String> headers, int status, String code) {
    try (SseClient c = SseClient.open(url, headers)) {
      assertThat(c.status()).as(url).isEqualTo(status);
      assertThat(c.error().getString("code")).as(url).isEqualTo(code);
    }
  }

  @Test
  void aStalledReaderIsServedFromTheLogAndEndsWithEveryRecordOnce() throws Exception {
    String topic = GatewayFixture.topic(1);
    double demoted = gw.metric("logcast_clients_demoted_total");
    try (SseClient slow = SseClient.open(url(sub(topic, null)), Map.of())) {
      assertThat(slow.await(e -> !e.isEmpty(), WAIT)).isTrue();
      slow.pause();
      List<String> written = new ArrayList<>();
      for (int i = 0; i < STALLED_RECORDS; i++) {
        gw.produceAsync(topic, "k", ("{\"i\":" + i + ",\"pad\":\"" + PAD + "\"}").getBytes());
      }
      gw.flush();
      for (int i = 0; i < STALLED_RECORDS; i++) {
        written.add("0@" + i);
      }
      assertThat(io.logcast.testkit.Poll.within(WAIT, () -> gw.metric("logcast_clients_demoted_total") > demoted))
          .as("the stalled stream left the live stream").isTrue();
      slow.resume();
      assertThat(slow.await(e -> positions(slow).size() >= STALLED_RECORDS, java.time.Duration.ofSeconds(60))).isTrue();
      Delivered.settle();
      assertThat(positions(slow)).isEqualTo(written);
    }
  }
}
