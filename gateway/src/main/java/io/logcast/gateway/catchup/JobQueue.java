package io.logcast.gateway.catchup;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The replay readers' two queues, each bounded and first in, first out: catch-up jobs, and
 * background jobs taken only while no catch-up job waits. One lock and one condition, so an idle
 * reader sleeps until either gets a job instead of polling one of them. Catch-up jobs are kept in
 * groups by partition, in the order of each group's oldest job, so taking a partition's jobs
 * together costs nothing however many others wait.
 */
final class JobQueue {
  private record Partition(String topic, int partition) {}

  /** A partition's queued catch-up jobs, oldest first. */
  private static final class Group {
    final Partition key;
    final ArrayDeque<ReplayJob> jobs = new ArrayDeque<>();

    Group(Partition key) {
      this.key = key;
    }
  }

  private final int capacity;
  private final ArrayDeque<Group> catchUp = new ArrayDeque<>();
  /** The group new jobs of a partition join; absent once a reader took it (re-queued groups are never open). */
  private final Map<Partition, Group> open = new HashMap<>();
  private int catchUpJobs;
  private final ArrayDeque<ReplayJob> background = new ArrayDeque<>();
  private final ReentrantLock lock = new ReentrantLock();
  private final Condition notEmpty = lock.newCondition();
  private boolean closed;

  /** @param capacity jobs each queue holds at most */
  JobQueue(int capacity) {
    this.capacity = capacity;
  }

  /** False when that queue is full. */
  boolean offer(ReplayJob job, boolean isBackground) {
    lock.lock();
    try {
      if ((isBackground ? background.size() : catchUpJobs) >= capacity) {
        return false;
      }
      if (isBackground) {
        background.addLast(job);
      } else {
        Group g = open.computeIfAbsent(new Partition(job.topic, job.partition), k -> {
          Group created = new Group(k);
          catchUp.addLast(created);
          return created;
        });
        g.jobs.addLast(job);
        catchUpJobs++;
      }
      notEmpty.signal();
      return true;
    } finally {
      lock.unlock();
    }
  }

  /**
   * The oldest catch-up job and every other queued catch-up job of the same partition, for one
   * shared read (see {@link SharedRead}); else the oldest background job alone. Empty if none came
   * within {@code timeoutMs} or the queue closed.
   */
  List<ReplayJob> pollGroup(long timeoutMs) throws InterruptedException {
    long left = TimeUnit.MILLISECONDS.toNanos(timeoutMs);
    lock.lock();
    try {
      while (catchUpJobs == 0 && background.isEmpty()) {
        if (left <= 0 || closed) {
          return List.of();
        }
        left = notEmpty.awaitNanos(left);
      }
      if (catchUpJobs == 0) {
        return List.of(background.pollFirst());
      }
      Group g = catchUp.pollFirst();
      open.remove(g.key, g);
      catchUpJobs -= g.jobs.size();
      return new ArrayList<>(g.jobs);
    } finally {
      lock.unlock();
    }
  }

  /**
   * Jobs of a group its read did not cover (all of one partition, further on than the read went):
   * a group of their own at the tail, like a partition's next turn. Not one later jobs join: the
   * partition's slower jobs would pull every read back to their offsets, and these would wait
   * until those caught up with them.
   */
  void requeue(List<ReplayJob> jobs) {
    if (jobs.isEmpty()) {
      return;
    }
    lock.lock();
    try {
      ReplayJob first = jobs.get(0);
      Group g = new Group(new Partition(first.topic, first.partition));
      g.jobs.addAll(jobs);
      catchUp.addLast(g);
      catchUpJobs += jobs.size();
      notEmpty.signal();
    } finally {
      lock.unlock();
    }
  }

  /** Wakes every waiting reader, now and from now on: the pool is closing. */
  void close() {
    lock.lock();
    try {
      closed = true;
      notEmpty.signalAll();
    } finally {
      lock.unlock();
    }
  }

  int size() {
    lock.lock();
    try {
      return catchUpJobs + background.size();
    } finally {
      lock.unlock();
    }
  }
}
