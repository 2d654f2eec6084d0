package io.logcast.gateway.live;

import static org.assertj.core.api.Assertions.assertThat;

import io.logcast.gateway.delivery.Client;
import io.logcast.gateway.delivery.Outbound;
import io.logcast.gateway.delivery.Subscription;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import java.lang.reflect.Proxy;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The hand-off from the LogTail thread: events and batches reach the shard in the order posted. */
class InboxTest {
  private static Vertx vertx;

  @BeforeAll
  static void start() {
    vertx = Vertx.vertx();
  }

  @AfterAll
  static void stop() {
    vertx.close().await();
  }

  @Test
  void eventsRunAfterTheBatchesPostedBeforeThemAndBatchesOfOneTaskMerge() throws Exception {
    Context context = vertx.getOrCreateContext();
    ShardHarness harness = new ShardHarness(context);
    Subscription[] sub = new Subscription[1];
    CountDownLatch ready = new CountDownLatch(1);
    context.runOnContext(v -> {
      harness.live("t", 0);
      sub[0] = harness.subscribe(harness.discardingClient(), "t", null, 0);
      ready.countDown();
    });
    assertThat(ready.await(5, TimeUnit.SECONDS)).isTrue();

    // posted from this thread (as the LogTail's), while the loop is held busy: one task takes all
    List<Long> seen = new ArrayList<>();
    CountDownLatch done = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    context.runOnContext(v -> await(release));
    HubShard shard = harness.shard();
    shard.post(List.of(ShardHarness.batch("t", 0, 0, "a", "b")), 0);
    shard.post(() -> seen.add(sub[0].cursor(0)));
    shard.post(List.of(ShardHarness.batch("t", 0, 2, "c")), 0);
    shard.post(List.of(ShardHarness.batch("t", 0, 3, "d")), 0);
    shard.post(() -> {
      seen.add(sub[0].cursor(0));
      done.countDown();
    });
    release.countDown();
    assertThat(done.await(5, TimeUnit.SECONDS)).isTrue();
    assertThat(seen).containsExactly(2L, 4L);
    CountDownLatch after = new CountDownLatch(1); // the task's write cycle ends it: wait for the next task
    context.runOnContext(v -> after.countDown());
    assertThat(after.await(5, TimeUnit.SECONDS)).isTrue();
    // the two batches after the first event went out as one write: two frames in all
    assertThat(harness.metrics().frames().count()).isEqualTo(2.0);
  }

  @Test
  void pastItsBoundTheInboxQueuesNoMoreAndTheSubscriptionsBehindCatchUpFromTheLog() throws Exception {
    Context context = vertx.getOrCreateContext();
    ShardHarness harness = new ShardHarness(context, null, -1, 100);
    Subscription[] sub = new Subscription[1];
    CountDownLatch ready = new CountDownLatch(1);
    context.runOnContext(v -> {
      harness.live("t", 0);
      sub[0] = harness.subscribe(harness.discardingClient(), "t", null, 0);
      ready.countDown();
    });
    assertThat(ready.await(5, TimeUnit.SECONDS)).isTrue();

    CountDownLatch release = new CountDownLatch(1);
    context.runOnContext(v -> await(release)); // the loop is stalled
    HubShard shard = harness.shard();
    shard.post(List.of(ShardHarness.batch("t", 0, 0, "a", "b")), 60);
    shard.post(List.of(ShardHarness.batch("t", 0, 2, "c", "d")), 60); // 120 > 100: not queued
    shard.post(List.of(ShardHarness.batch("t", 0, 4, "e")), 30); // nor anything after it
    assertThat(shard.inboxBytes()).isEqualTo(60);
    assertThat(harness.overflows()).isEqualTo(1);
    release.countDown();

    CountDownLatch done = new CountDownLatch(1);
    Object[] seen = new Object[3];
    shard.post(() -> {
      seen[0] = sub[0].cursor(0);
      seen[1] = sub[0].state(0);
      seen[2] = harness.replayQueued();
      done.countDown();
    });
    assertThat(done.await(5, TimeUnit.SECONDS)).isTrue();
    assertThat(seen[0]).isEqualTo(2L); // delivered what was queued, then stopped at the hole
    assertThat(seen[1]).isEqualTo(Subscription.State.CATCHING_UP); // 2..4 come from the log
    assertThat(seen[2]).isEqualTo(1);
    assertThat(shard.inboxBytes()).isZero();
  }

  /**
   * Under load a batch arrives while the shard's task runs, so every task is followed by another.
   * Posted as plain tasks, Netty ran 64 of them before it looked at I/O and timers again: at a
   * saturated gateway's task lengths that was 16-22 s without reading a pong, and every healthy
   * client was closed 1001 for a missed heartbeat. The next task now waits for the loop's I/O.
   */
  @Test
  void aTaskThatFollowsABusyOneRunsAfterTheLoopsTimersAndIo() throws Exception {
    Context context = vertx.getOrCreateContext();
    ShardHarness harness = new ShardHarness(context);
    HubShard shard = harness.shard();
    // a client whose every write takes 20 ms: each task is busy long enough for the next batch
    AtomicInteger writes = new AtomicInteger();
    Semaphore writing = new Semaphore(0);
    boolean[] queued = {false};
    Outbound slow = (Outbound) Proxy.newProxyInstance(Outbound.class.getClassLoader(),
        new Class<?>[] {Outbound.class}, (proxy, method, args) -> switch (method.getName()) {
          case "enqueue" -> {
            boolean first = !queued[0];
            queued[0] = true;
            yield first;
          }
          case "flush" -> {
            if (queued[0]) {
              queued[0] = false;
              writes.incrementAndGet();
              writing.release();
              sleep(20);
            }
            yield null;
          }
          case "congested", "isClosed" -> false;
          default -> null;
        });
    CountDownLatch ready = new CountDownLatch(1);
    context.runOnContext(v -> {
      harness.live("t", 0);
      harness.subscribe(new Client(slow, shard), "t", null, 0);
      ready.countDown();
    });
    assertThat(ready.await(5, TimeUnit.SECONDS)).isTrue();

    AtomicInteger writesWhenTimerFired = new AtomicInteger(-1);
    CountDownLatch fired = new CountDownLatch(1);
    shard.post(() -> context.owner().setTimer(1, t -> {
      writesWhenTimerFired.set(writes.get());
      fired.countDown();
    }));
    // each batch is posted while the write of the one before it runs, until the timer fires
    for (int i = 0; i < 100 && writesWhenTimerFired.get() < 0; i++) {
      shard.post(List.of(ShardHarness.batch("t", 0, i, "k")), 0);
      assertThat(writing.tryAcquire(5, TimeUnit.SECONDS)).isTrue();
    }
    assertThat(fired.await(5, TimeUnit.SECONDS)).isTrue();
    // the timer was due 1 ms into the first write: it fires right after it, not 64 tasks later
    assertThat(writesWhenTimerFired.get()).isBetween(1, 3);
  }

  private static void sleep(long ms) {
    try {
      Thread.sleep(ms);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static void await(CountDownLatch latch) {
    try {
      latch.await(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
