package io.logcast.gateway.live;

import io.logcast.gateway.catchup.Replay;
import io.logcast.gateway.catchup.ReplayChunk;
import io.logcast.gateway.catchup.ReplayJob;
import io.logcast.gateway.delivery.Client;
import io.logcast.gateway.delivery.Subscription;
import io.logcast.gateway.delivery.Subscription.State;
import io.logcast.gateway.log.EncodedRecord;
import io.logcast.gateway.metrics.GatewayMetrics;
import io.logcast.gateway.protocol.CloseCode;
import io.logcast.gateway.protocol.Frames;
import io.vertx.core.Context;

/**
 * Moves a subscription's partitions between the live stream and catch-up, on one shard: a partition
 * behind the live position is served from the shard's recent records when they cover it, else from
 * the log by a {@link ReplayJob}, chunk by chunk, until its cursor reaches the live position; a
 * client whose socket is full pauses until it drains. {@link #settle} is the one decision.
 */
final class CatchUp {
  private static final long RETRY_MS = 500;

  private final Context context;
  private final Replay replay;
  private final TopicIndex index;
  private final LiveDelivery live;
  private final GatewayMetrics metrics;
  /** The most a catch-up from memory may queue on one client at once: its outbound buffer. */
  private long maxMemoryBytes;
  /** A catch-up whose reads bring nothing for this long closes its client (1013). */
  private long maxStallMs = Long.MAX_VALUE;

  CatchUp(Context context, Replay replay, TopicIndex index, LiveDelivery live, GatewayMetrics metrics) {
    this.context = context;
    this.replay = replay;
    this.index = index;
    this.live = live;
    this.metrics = metrics;
  }

  void maxMemoryBytes(long bytes) {
    maxMemoryBytes = bytes;
  }

  void maxStallMs(long ms) {
    maxStallMs = ms;
  }

  /** Puts partition {@code p} in the right state for where the live stream is, from its cursor. */
  void settle(TopicState ts, Subscription sub, int p) {
    if (ts == null || ts.livePos == null || p >= ts.livePos.length) {
      sub.state(p, State.PENDING);
    } else if (sub.cursor(p) >= ts.livePos[p]) {
      goLive(sub, p);
    } else if (sub.client().congested()) {
      sub.state(p, State.PAUSED);
    } else if (fromMemory(ts, sub, p)) {
      sub.client().flush();
    } else {
      fromLog(sub, p);
    }
  }

  private void goLive(Subscription sub, int p) {
    sub.state(p, State.LIVE);
    ReplayJob job = sub.job(p);
    if (job != null) {
      job.cancel();
      sub.job(p, null);
    }
    sub.client().maybeCaughtUp();
  }

  /** Catches a partition up from the recent records, if they cover its cursor; it is then live. */
  private boolean fromMemory(TopicState ts, Subscription sub, int p) {
    if (ts.windows == null || p >= ts.windows.length) {
      return false;
    }
    long n = RecentRecords.serve(ts.windows[p], sub, p, maxMemoryBytes);
    if (n < 0) {
      return false;
    }
    sub.advance(p, ts.livePos[p]);
    if (n > 0) {
      ts.delivered.increment(n);
    }
    metrics.memoryCatchUps().increment();
    goLive(sub, p);
    return true;
  }

  private void fromLog(Subscription sub, int p) {
    sub.state(p, State.CATCHING_UP);
    ReplayJob job = sub.job(p);
    if (job == null) {
      job = new ReplayJob(sub.topic(), p, sub.key(), sub.cursor(p), context, new Handler(sub));
      sub.job(p, job);
    }
    job.from(sub.cursor(p));
    submit(sub, job);
  }

  private void submit(Subscription sub, ReplayJob job) {
    if (!replay.submit(job)) {
      retryLater(sub, job);
    }
  }

  /** The pool is full or the read failed: the same job tries again, unless it was replaced meanwhile. */
  private void retryLater(Subscription sub, ReplayJob job) {
    context.owner().setTimer(RETRY_MS, t -> {
      if (current(sub, job)) {
        submit(sub, job);
      }
    });
  }

  private static boolean current(Subscription sub, ReplayJob job) {
    return !sub.closed() && !job.cancelled() && sub.job(job.partition()) == job;
  }

  private void onChunk(Subscription sub, ReplayJob job, ReplayChunk chunk) {
    if (!current(sub, job)) {
      return;
    }
    int p = job.partition();
    Client client = sub.client();
    if (chunk.hasGap() || !chunk.records().isEmpty() || chunk.nextOffset() > sub.cursor(p)) {
      job.progressed();
    } else if (tooLong(sub, job)) {
      return;
    }
    if (chunk.hasGap() && chunk.gapTo() > sub.cursor(p)) {
      client.enqueue(Frames.gap(sub.topic(), sub.key(), p, Math.max(chunk.gapFrom(), sub.cursor(p)), chunk.gapTo(),
          "retention").toBuffer().getBytes());
      sub.advance(p, chunk.gapTo());
    }
    long delivered = 0;
    for (EncodedRecord r : chunk.records()) {
      if (sub.accept(p, r)) {
        delivered++;
      }
    }
    sub.advance(p, chunk.nextOffset());
    live.flushDirty();
    TopicState ts = index.get(sub.topic());
    if (delivered > 0) {
      (ts != null ? ts.delivered : metrics.delivered(sub.topic())).increment(delivered);
    }
    settle(ts, sub, p);
  }

  /**
   * A read brought nothing (no leader, a fetch slower than the wait): true, and the client closed
   * with 1013 to resume later, once that has lasted {@code maxStallMs}; the reader otherwise waits
   * longer next time ({@link ReplayJob#stalled}).
   */
  private boolean tooLong(Subscription sub, ReplayJob job) {
    long stalled = job.stalled(System.currentTimeMillis());
    if (stalled <= maxStallMs) {
      return false;
    }
    metrics.catchUpsStalled().increment();
    sub.client().requestClose(CloseCode.TRY_AGAIN_LATER, "catch-up of " + sub.topic() + "-" + job.partition()
        + " made no progress for " + stalled / 1000 + " s: reconnect later to resume");
    return true;
  }

  /** The client's socket is full: stop feeding it live; its partitions catch up from the log later. */
  void congested(Client client) {
    metrics.demoted().increment();
    client.markBehind(System.currentTimeMillis());
    for (Subscription sub : client.subscriptions()) {
      TopicState ts = index.get(sub.topic());
      for (int p = 0; p < sub.partitions(); p++) {
        if (sub.state(p) == State.LIVE) {
          // everything before the live position went out (or was not its key): resume after it
          TopicIndex.passLive(ts, sub, p);
          sub.state(p, State.PAUSED);
        }
      }
    }
  }

  void drained(Client client) {
    for (Subscription sub : client.subscriptions()) {
      TopicState ts = index.get(sub.topic());
      for (int p = 0; p < sub.partitions(); p++) {
        if (sub.state(p) == State.PAUSED && ts != null) {
          settle(ts, sub, p);
        }
      }
    }
  }

  /** Replay's callbacks for one subscription, on this shard's context. */
  private final class Handler implements ReplayJob.Handler {
    private final Subscription sub;

    Handler(Subscription sub) {
      this.sub = sub;
    }

    @Override
    public void onChunk(ReplayJob job, ReplayChunk chunk) {
      CatchUp.this.onChunk(sub, job, chunk);
    }

    @Override
    public void onFailure(ReplayJob job, Throwable error) {
      if (current(sub, job) && !tooLong(sub, job)) {
        retryLater(sub, job);
      }
    }
  }
}
