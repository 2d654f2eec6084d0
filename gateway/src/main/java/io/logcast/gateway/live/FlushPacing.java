package io.logcast.gateway.live;

/**
 * When a shard writes what its clients have queued. A write cycle costs about one socket write
 * per client, whatever the number of records, so under load the shard holds records back and
 * sends several per frame: after a cycle that took D, the next one starts no sooner than D / duty
 * after that one began. Idle, nothing waits; busy (or starved of CPU, which stretches D), the
 * shard spends at most {@code duty} of its time writing, and frames grow instead of the backlog.
 */
final class FlushPacing {
  private final double duty;
  /** nanoTime's origin is arbitrary (it may be negative): start from now, not from 0. */
  private long nextNanos = System.nanoTime();

  /** @param duty the largest share of time spent in write cycles, in (0, 1]; 1 never waits */
  FlushPacing(double duty) {
    if (!(duty > 0 && duty <= 1)) {
      throw new IllegalArgumentException("duty must be in (0, 1]: " + duty);
    }
    this.duty = duty;
  }

  boolean due(long nowNanos) {
    return nowNanos - nextNanos >= 0;
  }

  /** Milliseconds until the next cycle may start, at least 1 (the timer's resolution). */
  long delayMs(long nowNanos) {
    return Math.max(1, (nextNanos - nowNanos + 999_999) / 1_000_000);
  }

  void cycle(long startNanos, long endNanos) {
    nextNanos = startNanos + (long) ((endNanos - startNanos) / duty);
  }
}
