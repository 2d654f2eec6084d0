package io.logcast.gateway.live;

import io.logcast.gateway.metrics.GatewayMetrics;

import java.util.Arrays;

/**
 * Delivery latency of one shard's task: the timestamps of the live records it delivered, recorded
 * once their frames are written: from the record's Kafka timestamp (end to end) and from the poll
 * that returned it (the gateway's share), the latter split at the moment the shard queued the
 * record on its clients (before: the inbox; after: the write cycle). One sample per record per
 * shard, not per client; the arrays grow to the largest poll batch once and are reused, so the
 * hot path does not allocate.
 */
final class DeliveryClock {
  private long[] stamps = new long[64];
  private long[] polled = new long[64];
  private long[] queued = new long[64];
  private int count;

  /** {@code queuedAtMs}: when the shard queued the record on its clients. */
  void delivered(long recordTimestampMs, long polledAtMs, long queuedAtMs) {
    if (count == stamps.length) {
      stamps = Arrays.copyOf(stamps, stamps.length * 2);
      polled = Arrays.copyOf(polled, polled.length * 2);
      queued = Arrays.copyOf(queued, queued.length * 2);
    }
    stamps[count] = recordTimestampMs;
    polled[count] = polledAtMs;
    queued[count++] = queuedAtMs;
  }

  /** The frames are out: one latency sample per delivered record, then the clock is reset. */
  void written(GatewayMetrics metrics) {
    if (count == 0) {
      return;
    }
    long now = System.currentTimeMillis();
    for (int i = 0; i < count; i++) {
      metrics.latencyMs(now - stamps[i], now - polled[i], queued[i] - polled[i]);
    }
    count = 0;
  }
}
