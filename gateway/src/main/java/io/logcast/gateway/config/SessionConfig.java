package io.logcast.gateway.config;

import io.logcast.session.hazelcast.HazelcastSettings;

/**
 * Where sessions and idempotency keys live.
 *
 * @param store {@code hazelcast} (default: resume on any instance) or {@code memory} (this instance only)
 * @param maxIdempotencyKeys keys a member (or, with the memory store, this process) holds before it
 *                           refuses new ones with {@code unavailable}
 */
public record SessionConfig(Store store, long ttlSeconds, HazelcastSettings hazelcast, int maxIdempotencyKeys) {
  public static final long DEFAULT_TTL_SECONDS = 300;
  public static final String DEFAULT_MEMBERS = "127.0.0.1:" + HazelcastSettings.DEFAULT_PORT;

  public enum Store { HAZELCAST, MEMORY }
}
