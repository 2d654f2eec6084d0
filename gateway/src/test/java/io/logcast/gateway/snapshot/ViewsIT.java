package io.logcast.gateway.snapshot;

import static io.logcast.gateway.snapshot.SnapshotKafka.broker;
import static io.logcast.gateway.snapshot.SnapshotKafka.compactedTopic;
import static io.logcast.gateway.snapshot.SnapshotKafka.ctx;
import static io.logcast.gateway.snapshot.SnapshotKafka.endOffsets;
import static io.logcast.gateway.snapshot.SnapshotKafka.info;
import static io.logcast.gateway.snapshot.SnapshotKafka.onContext;
import static io.logcast.gateway.snapshot.SnapshotKafka.producer;
import static io.logcast.gateway.snapshot.SnapshotKafka.refusal;
import static io.logcast.gateway.snapshot.SnapshotKafka.send;
import static io.logcast.gateway.snapshot.SnapshotKafka.views;
import static org.assertj.core.api.Assertions.assertThat;

import io.logcast.gateway.log.EncodedRecord;
import io.logcast.gateway.log.TopicInfo;
import io.logcast.gateway.protocol.ErrorCode;
import io.logcast.gateway.snapshot.SnapshotKafka.Refusal;
import io.logcast.gateway.snapshot.SnapshotKafka.Written;
import io.logcast.testkit.SharedKafka;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Snapshot views on the suite's real broker: exact latest values under concurrent writes, and the refusals. */
class ViewsIT {
  private static final int KEYS = 10_000;

  @BeforeAll
  static void start() {
    SnapshotKafka.start();
  }

  @AfterAll
  static void stop() {
    SnapshotKafka.stop();
  }

  /** Per key, the last record written below the snapshot's position of its partition (null: deleted). */
  static Map<String, Written> expected(Iterable<Written> written, long[] positions) {
    Map<String, Written> last = new HashMap<>();
    for (Written w : written) {
      if (w.offset() < positions[w.partition()]) {
        last.merge(w.key(), w, (a, b) -> a.offset() > b.offset() ? a : b);
      }
    }
    last.values().removeIf(w -> w.value() == null);
    return last;
  }

  static void assertMatches(Snapshot s, Map<String, Written> expected) {
    Map<String, Entry> actual = new HashMap<>();
    s.entries().forEach(e -> assertThat(actual.put(e.key(), e)).as("one entry per key").isNull());
    assertThat(actual.keySet()).isEqualTo(expected.keySet());
    expected.forEach((key, w) -> {
      Entry e = actual.get(key);
      JsonObject frame = new JsonObject(new String(e.record().frame(), StandardCharsets.UTF_8));
      assertThat(e.partition()).as(key).isEqualTo(w.partition());
      assertThat(e.record().offset()).as(key).isEqualTo(w.offset());
      assertThat(frame.getJsonObject("data")).as(key).isEqualTo(new JsonObject(w.value()));
      assertThat(frame.getString("key")).isEqualTo(key);
    });
  }

  @Test
  void everyKeysLatestValueBelowThePositionsWhileWritesRaceTheRequest() throws Exception {
    String topic = compactedTopic(3);
    Queue<Written> written = new ConcurrentLinkedQueue<>();
    List<CompletableFuture<Written>> initial = new java.util.ArrayList<>();
    for (int i = 0; i < KEYS; i++) {
      initial.add(send(topic, "k" + i, "{\"k\":" + i + ",\"v\":0}"));
    }
    for (int i = 0; i < KEYS; i += 10) {
      initial.add(send(topic, "k" + i, null)); // every tenth key deleted
    }
    initial.forEach(f -> written.add(f.join()));

    AtomicBoolean racing = new AtomicBoolean(true);
    Queue<CompletableFuture<Written>> raced = new ConcurrentLinkedQueue<>();
    Thread racer = new Thread(() -> {
      for (int seq = 1; racing.get(); seq++) {
        int i = ThreadLocalRandom.current().nextInt(KEYS);
        boolean delete = ThreadLocalRandom.current().nextInt(20) == 0;
        raced.add(send(topic, "k" + i, delete ? null : "{\"k\":" + i + ",\"v\":" + seq + "}"));
        if (seq % 50 == 0) {
          sleep(1);
        }
      }
    }, "racer");
    racer.start();
    while (raced.size() < 2_000) {
      Thread.sleep(5);
    }
    TopicInfo info = info(topic);
    Views views = views(64L << 20);
    try {
      long[] before = endOffsets(topic, 3);
      long t0 = System.nanoTime();
      Snapshot s = onContext(() -> views.snapshot(info, null, ctx));
      long buildMs = (System.nanoTime() - t0) / 1_000_000;
      Thread.sleep(200);
      racing.set(false);
      racer.join();
      producer.flush();
      raced.forEach(f -> written.add(f.join()));

      long[] positions = s.positions();
      for (int p = 0; p < 3; p++) {
        assertThat(positions[p]).as("partition %d covers what was written before the request", p)
            .isGreaterThanOrEqualTo(before[p]);
      }
      long after = written.stream().filter(w -> w.offset() >= positions[w.partition()]).count();
      assertThat(after).as("writes after the snapshot's cut (the race happened)").isPositive();
      Map<String, Written> expected = expected(written, positions);
      assertMatches(s, expected);
      System.out.printf("snapshot under writes: %d keys, %d records written, %d after its cut, answered in %d ms%n",
          s.entries().size(), written.size(), after, buildMs);

      // one key, later: the view kept reading; a deleted key has no entry. The key is chosen
      // from the final state: one present at the first cut may have been deleted since.
      Map<String, Written> last = expected(written, endOffsets(topic, 3));
      String present = last.keySet().iterator().next();
      Snapshot one = onContext(() -> views.snapshot(info, present, ctx));
      assertMatches(one, Map.of(present, last.get(present)));
      String deleted = written.stream().filter(w -> w.value() == null).map(Written::key)
          .filter(k -> !last.containsKey(k)).findFirst().orElseThrow();
      assertThat(onContext(() -> views.snapshot(info, deleted, ctx)).entries()).isEmpty();
    } finally {
      racing.set(false);
      views.close();
    }
  }

  @Test
  void aViewOverItsByteBoundIsRefusedLimitExceeded() throws Exception {
    String topic = compactedTopic(1);
    String pad = "p".repeat(200);
    for (int i = 0; i < 1_000; i++) {
      send(topic, "k" + i, "{\"pad\":\"" + pad + "\"}");
    }
    producer.flush();
    try (Views views = views(64 << 10)) {
      Refusal e = refusal(views, info(topic));
      assertThat(e.code()).isEqualTo(ErrorCode.LIMIT_EXCEEDED);
      assertThat(e.message()).isEqualTo("the snapshot of topic '" + topic
          + "' is larger than snapshot.maxBytesPerTopic (65536 bytes)");
      // answered at once from then on, without reading the log again
      assertThat(refusal(views, info(topic)).code()).isEqualTo(ErrorCode.LIMIT_EXCEEDED);
      assertThat(views.size()).isEqualTo(1);
    }
  }

  @Test
  void aTopicNotCompactedOrNotEnabledIsRefused() throws Exception {
    String plain = SharedKafka.uniqueTopic("lc-snap-plain");
    broker.createTopic(plain, 1);
    try (Views views = views(64L << 20)) {
      Refusal e = refusal(views, info(plain));
      assertThat(e).isEqualTo(new Refusal(ErrorCode.BAD_REQUEST,
          "a snapshot needs a compacted topic (cleanup.policy=compact)"));
      Refusal off = refusal(views, new TopicInfo("orders", "id", 1));
      assertThat(off).isEqualTo(new Refusal(ErrorCode.FORBIDDEN, "snapshots are not enabled for topic 'orders'"));
      assertThat(views.size()).as("no view was made").isZero();
    }
  }

  /** Measures (and prints) the build time and memory of a 100k-key view; fails if a key is missing. */
  @Test
  void aHundredThousandKeyViewIsBuiltAndMeasured() throws Exception {
    int keys = 100_000;
    String topic = compactedTopic(4);
    for (int i = 0; i < keys; i++) {
      send(topic, "user-" + i, "{\"id\":" + i + ",\"name\":\"user " + i + "\",\"status\":\"active\"}");
    }
    producer.flush();
    TopicInfo info = info(topic);
    long heapBefore = usedHeap();
    try (Views views = views(1L << 30)) {
      long t0 = System.nanoTime();
      Snapshot s = onContext(() -> views.snapshot(info, null, ctx));
      long buildMs = (System.nanoTime() - t0) / 1_000_000;
      assertThat(s.entries()).hasSize(keys);
      long accounted = s.entries().stream().mapToLong(KeyView::sizeOf).sum();
      long heapAfter = usedHeap();
      long[] requestMicros = timed(20, () -> onContext(() -> views.snapshot(info, null, ctx)));
      // the same keys and frames in fresh objects, without a reader: the heap of the entries alone
      long heapFresh = usedHeap();
      List<EncodedRecord> fresh = s.entries().stream().map(e -> new EncodedRecord(e.record().offset(),
          new String(e.key().toCharArray()), e.record().frame().clone(), e.record().timestamp())).toList();
      int[] partitions = s.entries().stream().mapToInt(Entry::partition).toArray();
      KeyView[] copy = {new KeyView(topic, 4, 1L << 30)};
      for (int i = 0; i < partitions.length; i++) {
        copy[0].apply(partitions[i], fresh.get(i), false);
      }
      // less the list of records and the partitions (4 + 4 bytes per key), which the view does not hold
      long entriesHeap = usedHeap() - heapFresh - 8L * keys;
      // the copy alone, under the view's lock: what an event loop pays when the view is current
      long[] copyMicros = timed(50, () -> copy[0].snapshot(null));
      copy[0] = null;
      fresh = null;
      long frames = s.entries().stream().mapToLong(e -> e.record().frame().length).sum();
      long keyChars = s.entries().stream().mapToLong(e -> e.key().length()).sum();
      long views0 = heapAfter;
      views.close();
      s = null;
      long heapClosed = usedHeap();
      System.out.printf("MEASURE 100k-key view: built in %d ms; accounted %d B = %d B/key (frame %d + key %d + overhead"
              + " %d); heap grew %d B = %d B/key while built, %d B = %d B/key freed when closed;"
              + " snapshot request on a current view (incl. ListOffsets) median %d us; copy under the lock median %d us,"
              + " max %d us; entries alone (no reader) %d B/key%n",
          buildMs, accounted, accounted / keys, frames / keys, keyChars / keys, KeyView.ENTRY_OVERHEAD_BYTES,
          heapAfter - heapBefore, (heapAfter - heapBefore) / keys, views0 - heapClosed, (views0 - heapClosed) / keys,
          requestMicros[requestMicros.length / 2], copyMicros[copyMicros.length / 2],
          copyMicros[copyMicros.length - 1], entriesHeap / keys);
    }
  }

  @Test
  void beyondMaxTopicsAViewIsRefusedAndAnIdleOneIsDropped() throws Exception {
    String first = compactedTopic(1);
    String second = compactedTopic(1);
    send(first, "a", "{\"v\":1}").join();
    TopicInfo one = info(first);
    TopicInfo two = info(second);
    try (Views views = views(1L << 20, 1)) {
      assertThat(onContext(() -> views.snapshot(one, null, ctx)).entries()).hasSize(1);
      Refusal e = refusal(views, two);
      assertThat(e.code()).isEqualTo(ErrorCode.UNAVAILABLE);
      assertThat(e.message()).contains("snapshot.maxTopics=1");
      views.sweep(System.currentTimeMillis() + 59_000);
      assertThat(views.size()).as("asked for within snapshot.idleMs").isEqualTo(1);
      views.sweep(System.currentTimeMillis() + 60_000);
      assertThat(views.size()).isZero();
      assertThat(onContext(() -> views.snapshot(two, null, ctx)).entries()).isEmpty();
    }
  }

  interface Call {
    Object run() throws Exception;
  }

  /** Sorted durations of {@code n} calls, in microseconds. */
  private static long[] timed(int n, Call call) throws Exception {
    long[] out = new long[n];
    for (int i = 0; i < n; i++) {
      long t0 = System.nanoTime();
      call.run();
      out[i] = (System.nanoTime() - t0) / 1_000;
    }
    java.util.Arrays.sort(out);
    return out;
  }

  private static long usedHeap() throws InterruptedException {
    Runtime rt = Runtime.getRuntime();
    for (int i = 0; i < 3; i++) {
      System.gc();
      Thread.sleep(100);
    }
    return rt.totalMemory() - rt.freeMemory();
  }

  private static void sleep(long ms) {
    try {
      Thread.sleep(ms);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
