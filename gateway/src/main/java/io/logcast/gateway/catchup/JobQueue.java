package io.logcast.gateway.catchup;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The replay readers' two queues, each bounded and first in, first out: catch-up jobs, and
 * background jobs taken only while no catch-up job waits. One lock and one condition, so an idle
 * reader sleeps until either gets a job instead of polling one of them.
 */
final class JobQueue {
  private final int capacity;
  private final ArrayDeque<ReplayJob> catchUp = new ArrayDeque<>();
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
    ArrayDeque<ReplayJob> q = isBackground ? background : catchUp;
    lock.lock();
    try {
      if (q.size() >= capacity) {
        return false;
      }
      q.addLast(job);
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
      while (catchUp.isEmpty() && background.isEmpty()) {
        if (left <= 0 || closed) {
          return List.of();
        }
        left = notEmpty.awaitNanos(left);
      }
      if (catchUp.isEmpty()) {
        return List.of(background.pollFirst());
      }
      ReplayJob first = catchUp.pollFirst();
      List<ReplayJob> group = new ArrayList<>();
      group.add(first);
      for (Iterator<ReplayJob> it = catchUp.iterator(); it.hasNext(); ) {
        ReplayJob j = it.next();
        if (j.partition == first.partition && j.topic.equals(first.topic)) {
          group.add(j);
          it.remove();
        }
      }
      return group;
    } finally {
      lock.unlock();
    }
  }

  /** Jobs of a group its read did not cover: back at the head of the catch-up queue, in their order. */
  void requeue(List<ReplayJob> jobs) {
    if (jobs.isEmpty()) {
      return;
    }
    lock.lock();
    try {
      for (int i = jobs.size() - 1; i >= 0; i--) {
        catchUp.addFirst(jobs.get(i));
      }
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
      return catchUp.size() + background.size();
    } finally {
      lock.unlock();
    }
  }
}
