package io.logcast.gateway.core;

import java.util.Arrays;

/**
 * Delivery latency of one shard's task: the timestamps of the live records it delivered, recorded
 * once their frames are written. One sample per record per shard, not per client; the array grows
 * to the largest poll batch once and is reused, so the hot path does not allocate.
 */
final class DeliveryClock {
  private long[] stamps = new long[64];
  private int count;

  void delivered(long recordTimestampMs) {
    if (count == stamps.length) {
      stamps = Arrays.copyOf(stamps, stamps.length * 2);
    }
    stamps[count++] = recordTimestampMs;
  }

  /** The frames are out: one latency sample per delivered record, then the clock is reset. */
  void written(GatewayMetrics metrics) {
    if (count == 0) {
      return;
    }
    long now = System.currentTimeMillis();
    for (int i = 0; i < count; i++) {
      metrics.latencyMs(now - stamps[i]);
    }
    count = 0;
  }
}
