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

  public synchronized boolean tryTake() {
    long now = System.nanoTime();
    tokens = Math.min(burst, tokens + (now - lastNanos) * ratePerNano);
    lastNanos = now;
    if (tokens >= 1) {
      tokens -= 1;
      return true;
    }
    return false;
  }
}
