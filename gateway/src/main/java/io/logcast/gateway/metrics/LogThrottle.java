package io.logcast.gateway.metrics;

import java.util.concurrent.atomic.AtomicLongArray;

/**
 * At most one log line per kind (an enum ordinal) per interval; the next line says how many were
 * skipped. A flood of refusals must not become a flood of log lines. Thread-safe, allocation-free.
 */
public final class LogThrottle {
  private final long everyMs;
  private final AtomicLongArray lastMs;
  private final AtomicLongArray skipped;

  public LogThrottle(int kinds, long everyMs) {
    this.everyMs = everyMs;
    this.lastMs = new AtomicLongArray(kinds);
    this.skipped = new AtomicLongArray(kinds);
    for (int i = 0; i < kinds; i++) {
      lastMs.set(i, Long.MIN_VALUE / 2);
    }
  }

  /** -1 if this one is not to be logged; else how many were skipped since the last logged one. */
  public long admit(int kind, long nowMs) {
    long last = lastMs.get(kind);
    if (nowMs - last < everyMs || !lastMs.compareAndSet(kind, last, nowMs)) {
      skipped.incrementAndGet(kind);
      return -1;
    }
    return skipped.getAndSet(kind, 0);
  }
}
