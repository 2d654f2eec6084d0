package io.logcast.gateway.catchup;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class JobQueueTest {
  /** A reader waiting on {@code q} on another thread. */
  private static CompletableFuture<ReplayJob> pollAsync(JobQueue q, long timeoutMs) {
    return CompletableFuture.supplyAsync(() -> {
      try {
        return q.poll(timeoutMs);
      } catch (InterruptedException e) {
        throw new IllegalStateException(e);
      }
    });
  }

  private static ReplayJob job(int partition) {
    return new ReplayJob("t", partition, null, 0, null, null);
  }

  @Test
  void catchUpJobsGoFirstAndEachQueueIsFirstInFirstOut() throws Exception {
    JobQueue q = new JobQueue(10);
    assertThat(q.offer(job(1), true)).isTrue();
    assertThat(q.offer(job(2), true)).isTrue();
    assertThat(q.offer(job(3), false)).isTrue();
    assertThat(q.offer(job(4), false)).isTrue();
    assertThat(q.size()).isEqualTo(4);
    assertThat(q.poll(0).partition()).isEqualTo(3);
    assertThat(q.poll(0).partition()).isEqualTo(4);
    assertThat(q.poll(0).partition()).isEqualTo(1);
    assertThat(q.poll(0).partition()).isEqualTo(2);
    assertThat(q.poll(0)).isNull();
  }

  @Test
  void eachQueueIsBoundedOnItsOwn() {
    JobQueue q = new JobQueue(2);
    assertThat(q.offer(job(1), false)).isTrue();
    assertThat(q.offer(job(2), false)).isTrue();
    assertThat(q.offer(job(3), false)).isFalse();
    assertThat(q.offer(job(4), true)).as("the background queue has room of its own").isTrue();
  }

  @Test
  void aReaderWaitingOnAnEmptyQueueTakesTheNextBackgroundJob() throws Exception {
    JobQueue q = new JobQueue(2);
    CompletableFuture<ReplayJob> taken = pollAsync(q, 10_000);
    while (!taken.isDone() && q.size() == 0) {
      assertThat(q.offer(job(7), true)).isTrue();
    }
    assertThat(taken.get(5, TimeUnit.SECONDS).partition()).isEqualTo(7);
  }

  @Test
  void closingWakesAWaitingReaderAtOnceAndLaterPollsDoNotWait() throws Exception {
    JobQueue q = new JobQueue(2);
    CompletableFuture<ReplayJob> waiting = pollAsync(q, 60_000);
    q.close();
    // far less than the minute it would otherwise wait
    assertThat(waiting.get(5, TimeUnit.SECONDS)).isNull();
    long start = System.nanoTime();
    assertThat(q.poll(60_000)).isNull();
    assertThat(TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - start)).isLessThan(5);
  }
}
