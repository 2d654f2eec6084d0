package io.logcast.gateway.catchup;

import static org.assertj.core.api.Assertions.assertThat;

import io.logcast.gateway.config.ConfigLoader;
import io.logcast.gateway.config.ReplayConfig;
import io.vertx.core.Vertx;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.MockConsumer;
import org.apache.kafka.clients.consumer.OffsetOutOfRangeException;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The catch-up pool against kafka-clients' MockConsumer: one chunk per turn, key filter, retention gaps. */
class ReplayTest {
  private static final TopicPartition TP = new TopicPartition("t", 0);
  private static Vertx vertx;
  private final MockConsumer<byte[], byte[]> consumer = new MockConsumer<>("none");
  private final Replay replay = new Replay(settings -> consumer, config(), "test");

  @BeforeAll
  static void start() {
    vertx = Vertx.vertx();
  }

  @AfterAll
  static void stop() {
    vertx.close().await();
  }

  @AfterEach
  void close() {
    replay.close();
  }

  private static ReplayConfig config() {
    return ConfigLoader.load(null, Map.of("LOGCAST_NODE_ID", "test", "LOGCAST_KAFKA_BOOTSTRAP_SERVERS", "127.0.0.1:1",
        "LOGCAST_TOPICS_ALLOW", "*", "LOGCAST_AUTH_MODE", "none", "LOGCAST_REPLAY_READERS", "1")).replay();
  }

  /** Submits a job from {@code from} and waits for its first chunk. */
  private ReplayChunk chunk(String key, long from) throws Exception {
    CompletableFuture<ReplayChunk> got = submit(key, from);
    replay.start();
    return got.get(10, TimeUnit.SECONDS);
  }

  /** Queues a job from {@code from}; its first chunk completes the future. */
  private CompletableFuture<ReplayChunk> submit(String key, long from) {
    CompletableFuture<ReplayChunk> got = new CompletableFuture<>();
    ReplayJob job = new ReplayJob("t", 0, key, from, vertx.getOrCreateContext(), new ReplayJob.Handler() {
      @Override
      public void onChunk(ReplayJob j, ReplayChunk chunk) {
        got.complete(chunk);
      }

      @Override
      public void onFailure(ReplayJob j, Throwable error) {
        got.completeExceptionally(error);
      }
    });
    assertThat(replay.submit(job)).isTrue();
    return got;
  }

  private void recordsAtPoll(long from, String... keys) {
    consumer.updateBeginningOffsets(Map.of(TP, from));
    consumer.schedulePollTask(() -> {
      for (int i = 0; i < keys.length; i++) {
        consumer.addRecord(new ConsumerRecord<>("t", 0, from + i, keys[i].getBytes(StandardCharsets.UTF_8),
            "1".getBytes(StandardCharsets.UTF_8)));
      }
    });
  }

  @Test
  void aChunkHoldsTheRecordsFromTheJobsOffsetAndWhereReadingGoesOn() throws Exception {
    recordsAtPoll(10, "a", "b", "a");
    ReplayChunk chunk = chunk(null, 10);
    assertThat(chunk.records()).extracting(r -> r.offset()).containsExactly(10L, 11L, 12L);
    assertThat(chunk.nextOffset()).isEqualTo(13);
    assertThat(chunk.hasGap()).isFalse();
  }

  @Test
  void aKeyedJobGetsOnlyItsKeyButMovesPastEverythingItRead() throws Exception {
    recordsAtPoll(10, "a", "b", "a", "b");
    ReplayChunk chunk = chunk("a", 10);
    assertThat(chunk.records()).extracting(r -> r.offset()).containsExactly(10L, 12L);
    assertThat(chunk.nextOffset()).isEqualTo(14);
  }

  @Test
  void aRangeDeletedByRetentionComesBackAsAnExplicitGap() throws Exception {
    consumer.updateBeginningOffsets(Map.of(TP, 100L));
    consumer.setPollException(new OffsetOutOfRangeException(Map.of(TP, 40L)));
    ReplayChunk chunk = chunk(null, 40);
    assertThat(chunk.hasGap()).isTrue();
    assertThat(chunk.gapFrom()).isEqualTo(40);
    assertThat(chunk.gapTo()).isEqualTo(100);
    assertThat(chunk.nextOffset()).isEqualTo(100);
    assertThat(chunk.records()).isEmpty();
  }

  @Test
  void jobsQueuedOnAPartitionShareOneReadEachWithItsKeyAndOneBeyondItIsReadAgain() throws Exception {
    recordsAtPoll(10, "a", "b", "a", "b");
    CompletableFuture<ReplayChunk> whole = submit(null, 11);
    CompletableFuture<ReplayChunk> keyA = submit("a", 10);
    CompletableFuture<ReplayChunk> keyB = submit("b", 12);
    CompletableFuture<ReplayChunk> beyond = submit(null, 90);
    replay.start();
    // one read from the lowest offset (10): the cursor rule drops what a job already has
    assertThat(whole.get(10, TimeUnit.SECONDS).records()).extracting(r -> r.offset()).containsExactly(10L, 11L, 12L, 13L);
    assertThat(keyA.get(10, TimeUnit.SECONDS).records()).extracting(r -> r.offset()).containsExactly(10L, 12L);
    assertThat(keyB.get(10, TimeUnit.SECONDS).records()).extracting(r -> r.offset()).containsExactly(11L, 13L);
    for (CompletableFuture<ReplayChunk> f : List.of(whole, keyA, keyB)) {
      assertThat(f.get().nextOffset()).isEqualTo(14);
    }
    ReplayChunk own = beyond.get(10, TimeUnit.SECONDS);
    assertThat(own.records()).as("read on its own, from its offset: nothing there").isEmpty();
    assertThat(own.nextOffset()).isEqualTo(90);
  }

  @Test
  void aGapBelowTheLogStartIsEveryCoveredJobsAndAJobPastItReadsOnItsOwn() throws Exception {
    consumer.updateBeginningOffsets(Map.of(TP, 100L));
    consumer.setPollException(new OffsetOutOfRangeException(Map.of(TP, 40L)));
    CompletableFuture<ReplayChunk> lowest = submit(null, 40);
    CompletableFuture<ReplayChunk> keyed = submit("a", 60);
    CompletableFuture<ReplayChunk> past = submit(null, 150);
    replay.start();
    for (CompletableFuture<ReplayChunk> f : List.of(lowest, keyed)) {
      ReplayChunk chunk = f.get(10, TimeUnit.SECONDS);
      // the shard announces it from the job's own cursor (CatchUp clamps gapFrom)
      assertThat(chunk.hasGap()).isTrue();
      assertThat(chunk.gapTo()).isEqualTo(100);
      assertThat(chunk.nextOffset()).isEqualTo(100);
    }
    ReplayChunk own = past.get(10, TimeUnit.SECONDS);
    assertThat(own.hasGap()).as("past the log start: no gap of its own").isFalse();
    assertThat(own.nextOffset()).isEqualTo(150);
  }
}
