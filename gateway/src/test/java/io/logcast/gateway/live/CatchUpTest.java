package io.logcast.gateway.live;

import static org.assertj.core.api.Assertions.assertThat;

import io.logcast.gateway.delivery.Client;
import io.logcast.gateway.delivery.Subscription;
import io.logcast.gateway.delivery.Subscription.State;
import io.logcast.gateway.delivery.TestSockets;
import io.logcast.testkit.Poll;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.MockConsumer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A partition's whole round on one shard, with the replay pool reading a MockConsumer:
 * pending → live → paused (socket full) → catching up from the log → live, each record once.
 */
class CatchUpTest {
  private static Vertx vertx;
  private final MockConsumer<byte[], byte[]> log = new MockConsumer<>("none");
  private Context context;
  private ShardHarness harness;

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
    harness.close();
  }

  /** Runs {@code step} on the shard's loop and returns its result. */
  private <T> T onLoop(Callable<T> step) throws Exception {
    CompletableFuture<T> f = new CompletableFuture<>();
    context.runOnContext(v -> {
      try {
        f.complete(step.call());
      } catch (Exception e) {
        f.completeExceptionally(e);
      }
    });
    return f.get(10, TimeUnit.SECONDS);
  }

  private State stateOnLoop(Subscription sub) {
    try {
      return onLoop(() -> sub.state(0));
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  @Test
  void aPausedPartitionCatchesUpFromTheLogAndGoesLiveWithEveryRecordOnce() throws Exception {
    context = vertx.getOrCreateContext();
    harness = new ShardHarness(context, log, 0, Long.MAX_VALUE); // no recent records: catch-up must read the log
    TestSockets.Frames frames = TestSockets.capturing();
    Client client = harness.client(frames);
    Subscription sub = onLoop(() -> harness.subscribe(client, "t", null, 0));
    assertThat(sub.state(0)).isEqualTo(State.PENDING);

    onLoop(() -> {
      harness.live("t", 0);
      return null;
    });
    assertThat(sub.state(0)).isEqualTo(State.LIVE);

    onLoop(() -> {
      harness.shard().congested(client);
      harness.deliver(List.of(ShardHarness.batch("t", 0, 0, "a", "b", "c"))); // missed while paused
      return null;
    });
    assertThat(sub.state(0)).isEqualTo(State.PAUSED);

    log.schedulePollTask(() -> {
      for (long o = 0; o < 3; o++) {
        log.addRecord(new ConsumerRecord<>("t", 0, o, null, "1".getBytes(StandardCharsets.UTF_8)));
      }
    });
    State afterDrain = onLoop(() -> {
      harness.shard().drained(client);
      return sub.state(0);
    });
    assertThat(afterDrain).isEqualTo(State.CATCHING_UP);

    Poll.within(Duration.ofSeconds(10), () -> stateOnLoop(sub) == State.LIVE);
    assertThat(onLoop(() -> sub.state(0))).isEqualTo(State.LIVE);
    assertThat(onLoop(() -> sub.job(0))).isNull();
    assertThat(client.behindSinceMs()).isZero();

    onLoop(() -> {
      harness.deliver(List.of(ShardHarness.batch("t", 0, 3, "d")));
      return null;
    });
    List<Long> offsets = new ArrayList<>();
    for (String t : onLoop(() -> new ArrayList<>(frames.texts()))) {
      offsets.add(new JsonObject(t).getLong("offset"));
    }
    assertThat(offsets).containsExactly(0L, 1L, 2L, 3L);
  }

  @Test
  void aCatchUpsChunkBetweenTwoWriteCyclesLeavesTheFanOutAFanOut() throws Exception {
    context = vertx.getOrCreateContext();
    harness = new ShardHarness(context, log, 0, Long.MAX_VALUE);
    TestSockets.Frames behind = TestSockets.capturing();
    Client late = harness.client(behind);
    Subscription lateSub = onLoop(() -> {
      harness.live("t", 0);
      harness.subscribe(harness.client(TestSockets.capturing()), "t", null, 0);
      harness.subscribe(harness.client(TestSockets.capturing()), "t", null, 0);
      Subscription sub = harness.subscribe(late, "t", null, 0);
      harness.shard().congested(late); // misses the two cycles below
      harness.shard().deliver(List.of(ShardHarness.batch("t", 0, 0, "a", "b")));
      harness.shard().writeOut();
      harness.shard().deliver(List.of(ShardHarness.batch("t", 0, 2, "c", "d")));
      assertThat(harness.shard().writeOut()).as("the two live clients, again").isTrue();
      return sub;
    });
    log.schedulePollTask(() -> {
      for (long o = 0; o < 4; o++) {
        log.addRecord(new ConsumerRecord<>("t", 0, o, null, "1".getBytes(StandardCharsets.UTF_8)));
      }
    });
    onLoop(() -> {
      harness.shard().drained(late);
      return null;
    });
    Poll.within(Duration.ofSeconds(10), () -> stateOnLoop(lateSub) == State.LIVE);
    assertThat(onLoop(() -> new ArrayList<>(behind.texts()))).as("caught up by chunks").hasSize(4);

    boolean fanOut = onLoop(() -> {
      harness.shard().deliver(List.of(ShardHarness.batch("t", 0, 4, "e")));
      return harness.shard().writeOut();
    });
    assertThat(fanOut).as("2 of the 3 clients wrote in the write cycle before; the chunks were no cycle").isTrue();
  }

  @Test
  void aCatchUpThatReadsNothingForTooLongClosesItsClientWith1013() throws Exception {
    context = vertx.getOrCreateContext();
    harness = new ShardHarness(context, log, 0, Long.MAX_VALUE); // the log answers nothing at all
    harness.shard().maxCatchUpStallMs(1_000);
    TestSockets.Frames frames = TestSockets.capturing();
    Client client = harness.client(frames);
    Subscription sub = onLoop(() -> {
      harness.live("t", 10);
      return harness.subscribe(client, "t", null, 0);
    });
    assertThat(onLoop(() -> sub.state(0))).isEqualTo(State.CATCHING_UP);
    Poll.within(Duration.ofSeconds(20), () -> !frames.closes().isEmpty());
    assertThat(frames.closes()).containsExactly(1013);
    assertThat(harness.metrics().catchUpsStalled().count()).isEqualTo(1.0);
  }
}
