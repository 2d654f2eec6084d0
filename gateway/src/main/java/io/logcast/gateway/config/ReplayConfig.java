package io.logcast.gateway.config;

/**
 * The catch-up reader pool.
 *
 * @param readers   KafkaConsumers in the pool (each one thread)
 * @param maxQueued catch-up jobs waiting for a reader before new ones are refused
 * @param chunkRecords records a reader hands over per turn before moving to the next job
 * @param memoryBytes recent live records kept in memory per instance (split over the event loops)
 *     so that catching up from a recent position needs no Kafka read; 0 keeps none
 * @param maxStallMs a catch-up that reads nothing for this long (a partition without a leader, a
 *     log that cannot be fetched) closes its client with 1013, to resume later, instead of
 *     retrying without end
 */
public record ReplayConfig(int readers, int maxQueued, int chunkRecords, long memoryBytes, long maxStallMs) {
  public static final int DEFAULT_READERS = 2;
  public static final int DEFAULT_MAX_QUEUED = 10_000;
  public static final int DEFAULT_CHUNK_RECORDS = 500;
  /** About a minute of a 200-record/s stream of 2 KiB records. */
  public static final long DEFAULT_MEMORY_BYTES = 32L << 20;
  public static final long DEFAULT_MAX_STALL_MS = 60_000;
}
