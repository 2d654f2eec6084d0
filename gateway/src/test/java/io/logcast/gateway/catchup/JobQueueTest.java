package io.logcast.gateway.catchup;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class JobQueueTest {
  /** A reader waiting on {@code q} on another thread. */
  private static CompletableFuture<ReplayJob> pollAsync(JobQueue q, long timeoutMs) {
    return CompletableFuture.supplyAsync(() -> {
      try {
        List<ReplayJob> got = q.pollGroup(timeoutMs);
        return got.isEmpty() ? null : got.get(0);
      } catch (InterruptedException e) {
        throw new IllegalStateException(e);
      }
    });
  }

  private static ReplayJob job(int partition) {
    return job("t", partition, 0);
  }

  private static ReplayJob job(String topic, int partition, long from) {
    return new ReplayJob(topic, partition, null, from, null, null);
  }

  /** The next group, which must be one job. */
  private static ReplayJob one(JobQueue q) throws InterruptedException {
    List<ReplayJob> group = q.pollGroup(0);
    assertThat(group).hasSize(1);
    return group.get(0);
  }

  @Test
  void aGroupIsTheOldestCatchUpJobWithEveryOtherQueuedOnItsPartitionAndUncoveredOnesComeBackFirst()
      throws Exception {
    JobQueue q = new JobQueue(10);
    ReplayJob a = job("t", 0, 5);
    ReplayJob other = job("t", 1, 5);
    ReplayJob b = job("t", 0, 3);
    ReplayJob elsewhere = job("u", 0, 5);
    ReplayJob c = job("t", 0, 90);
    for (ReplayJob j : List.of(a, other, b, elsewhere, c)) {
      assertThat(q.offer(j, false)).isTrue();
    }
    assertThat(q.offer(job("t", 0, 1), true)).isTrue();
    assertThat(q.pollGroup(0)).containsExactly(a, b, c);
    ReplayJob d = job("t", 0, 7);
    assertThat(q.offer(d, false)).isTrue();
    q.requeue(List.of(c));
    assertThat(q.size()).isEqualTo(5);
    assertThat(q.pollGroup(0)).containsExactly(other);
    assertThat(q.pollGroup(0)).containsExactly(elsewhere);
    assertThat(q.pollGroup(0)).as("a job queued after the read").containsExactly(d);
    assertThat(q.pollGroup(0)).as("the uncovered job: its own turn, not pulled back to d's offset")
        .containsExactly(c);
    assertThat(q.pollGroup(0)).as("a background job is read alone").extracting(ReplayJob::partition)
        .containsExactly(0);
    assertThat(q.size()).isZero();
  }

  @Test
  void catchUpJobsGoFirstAndEachQueueIsFirstInFirstOut() throws Exception {
    JobQueue q = new JobQueue(10);
    assertThat(q.offer(job(1), true)).isTrue();
    assertThat(q.offer(job(2), true)).isTrue();
    assertThat(q.offer(job(3), false)).isTrue();
    assertThat(q.offer(job(4), false)).isTrue();
    assertThat(q.size()).isEqualTo(4);
    assertThat(one(q).partition()).isEqualTo(3);
    assertThat(one(q).partition()).isEqualTo(4);
    assertThat(one(q).partition()).isEqualTo(1);
    assertThat(one(q).partition()).isEqualTo(2);
    assertThat(q.pollGroup(0)).isEmpty();
  }

  @Test
  void theQueueBoundCountsJobsNotPartitions() {
    JobQueue q = new JobQueue(3);
    for (int i = 0; i < 3; i++) {
      assertThat(q.offer(job("t", 0, i), false)).isTrue();
    }
    assertThat(q.offer(job("t", 0, 9), false)).isFalse();
    assertThat(q.size()).isEqualTo(3);
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
    assertThat(q.pollGroup(60_000)).isEmpty();
    assertThat(TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - start)).isLessThan(5);
  }
}
