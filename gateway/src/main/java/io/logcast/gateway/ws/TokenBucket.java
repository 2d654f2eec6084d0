package io.logcast.gateway.ws;

/**
 * {@code ratePerSecond} tokens a second, at most {@code burst} saved up. Used per connection
 * (inbound messages) and per instance (new connections); uncontended in the first case, rarely
 * contended in the second, so a plain lock is cheaper than anything clever.
 */
public final class TokenBucket {
  private static final double NANOS_PER_SECOND = 1e9;
  private final double ratePerNano;
  private final double burst;
  private double tokens;
  private long lastNanos;

  public TokenBucket(double ratePerSecond, double burst) {
    this.ratePerNano = ratePerSecond / NANOS_PER_SECOND;
    this.burst = burst;
    this.tokens = burst;
    this.lastNanos = System.nanoTime();
  }

  public boolean tryTake() {
    return tryTake(1);
  }

  /** Takes {@code n} tokens if there are that many; more than the burst is never available. */
  public synchronized boolean tryTake(int n) {
    long now = System.nanoTime();
    tokens = Math.min(burst, tokens + (now - lastNanos) * ratePerNano);
    lastNanos = now;
    if (tokens >= n) {
      tokens -= n;
      return true;
    }
    return false;
  }
}
