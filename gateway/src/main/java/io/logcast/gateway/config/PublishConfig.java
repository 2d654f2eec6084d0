package io.logcast.gateway.config;

/**
 * The producer path.
 *
 * @param maxInFlight publishes accepted but not yet acknowledged by Kafka, per instance
 */
public record PublishConfig(long lingerMs, long timeoutMs, long idempotencyWindowSeconds, int maxInFlight) {
  public static final long DEFAULT_LINGER_MS = 5;
  public static final long DEFAULT_TIMEOUT_MS = 15_000;
  public static final long DEFAULT_IDEMPOTENCY_WINDOW_SECONDS = 600;
  public static final int DEFAULT_MAX_IN_FLIGHT = 10_000;
}
