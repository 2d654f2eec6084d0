package io.logcast.gateway.catchup;

import io.vertx.core.Context;

/**
 * Catch-up of one subscription partition: read from {@code from} and hand the chunk to
 * {@code handler} on the subscriber's context. The handler decides whether to go on (resubmit
 * with a new {@code from}) or stop because the cursor reached the live stream.
 */
public final class ReplayJob {
  static final long MIN_POLL_MS = 200;
  static final long MAX_POLL_MS = 3_200;

  /** Called on the job's context with each chunk read. */
  public interface Handler {
    void onChunk(ReplayJob job, ReplayChunk chunk);

    void onFailure(ReplayJob job, Throwable error);
  }

  final String topic;
  final int partition;
  final String keyFilter;
  final Context context;
  final Handler handler;
  volatile long from;
  volatile boolean cancelled;
  /** How long a read waits for records: doubled while reads bring nothing, so a slow fetch can finish. */
  volatile long pollMs = MIN_POLL_MS;
  /** When reads stopped making progress; 0 while they make it. Used on the job's context only. */
  private long stalledSinceMs;

  public ReplayJob(String topic, int partition, String keyFilter, long from, Context context, Handler handler) {
    this.topic = topic;
    this.partition = partition;
    this.keyFilter = keyFilter;
    this.from = from;
    this.context = context;
    this.handler = handler;
  }

  public int partition() {
    return partition;
  }

  public void from(long offset) {
    this.from = offset;
  }

  /** The last read advanced: back to short waits. */
  public void progressed() {
    pollMs = MIN_POLL_MS;
    stalledSinceMs = 0;
  }

  /** The last read brought nothing: wait longer next time; returns for how long reads have stalled. */
  public long stalled(long nowMs) {
    pollMs = Math.min(pollMs * 2, MAX_POLL_MS);
    if (stalledSinceMs == 0) {
      stalledSinceMs = nowMs;
    }
    return nowMs - stalledSinceMs;
  }

  public boolean cancelled() {
    return cancelled;
  }

  public void cancel() {
    cancelled = true;
  }
}
