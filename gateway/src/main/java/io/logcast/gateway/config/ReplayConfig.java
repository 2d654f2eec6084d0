package io.logcast.gateway.config;

/**
 * The catch-up reader pool.
 *
 * @param readers   KafkaConsumers in the pool (each one thread)
 * @param maxQueued catch-up jobs waiting for a reader before new ones are refused
 * @param chunkRecords records a reader hands over per turn before moving to the next job
 */
public record ReplayConfig(int readers, int maxQueued, int chunkRecords) {
  public static final int DEFAULT_READERS = 2;
  public static final int DEFAULT_MAX_QUEUED = 10_000;
  public static final int DEFAULT_CHUNK_RECORDS = 500;
}
