package io.logcast.gateway.catchup;

import io.vertx.core.Context;

/**
 * Catch-up of one subscription partition: read from {@code from} and hand the chunk to
 * {@code handler} on the subscriber's context. The handler decides whether to go on (resubmit
 * with a new {@code from}) or stop because the cursor reached the live stream.
 */
public final class ReplayJob {
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

  public boolean cancelled() {
    return cancelled;
  }

  public void cancel() {
    cancelled = true;
  }
}
