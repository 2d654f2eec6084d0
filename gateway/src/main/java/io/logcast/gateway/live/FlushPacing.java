package io.logcast.gateway.live;

/**
 * When a shard writes what its clients have queued. A write cycle costs about one socket write
 * per client, whatever the number of records. When the cycle was a fan-out (most clients it wrote
 * also wrote in the cycle before: records keep coming for them), waiting lets the next records
 * share their frames: after such a cycle took D, the next one starts no sooner than D / duty after
 * it began. Idle, nothing waits (a short cycle makes a short wait), and under load frames grow
 * instead of the backlog. Any other cycle (keyed subscriptions, many topics: each cycle's records
 * for other clients) never waits, since waiting would not make its frames fuller.
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

  /** @param fanOut most clients written also wrote in the cycle before: waiting would fill their frames */
  void cycle(long startNanos, long endNanos, boolean fanOut) {
    nextNanos = fanOut ? startNanos + (long) ((endNanos - startNanos) / duty) : endNanos;
  }
}
