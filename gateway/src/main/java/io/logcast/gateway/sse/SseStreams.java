package io.logcast.gateway.sse;

import io.logcast.gateway.config.LimitsConfig;
import io.logcast.gateway.protocol.CloseCode;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The event streams of one event loop, and the periodic work over them: a heartbeat comment every
 * {@code limits.heartbeatMs}, the lag check, and the drain. Used on its event loop only.
 */
public final class SseStreams {
  private static final long LAG_CHECK_MS = 500;

  private final Context context;
  private final LimitsConfig limits;
  private final Set<SseStream> open = new LinkedHashSet<>();

  public SseStreams(Context context, LimitsConfig limits) {
    this.context = context;
    this.limits = limits;
    context.owner().setPeriodic(limits.heartbeatMs(), t -> snapshot().forEach(SseStream::ping));
    context.owner().setPeriodic(LAG_CHECK_MS, t -> {
      long now = System.currentTimeMillis();
      snapshot().forEach(s -> s.checkLag(now, limits));
    });
  }

  void add(SseStream stream) {
    open.add(stream);
  }

  void remove(SseStream stream) {
    open.remove(stream);
  }

  public int size() {
    return open.size();
  }

  private List<SseStream> snapshot() {
    return new ArrayList<>(open);
  }

  /**
   * Drain: every stream gets {@code close} 1012, spread evenly over {@code windowMs}, so their
   * reconnects (with their positions) reach the other instances a few at a time.
   */
  public Future<Void> drain(long windowMs) {
    Promise<Void> done = Promise.promise();
    context.runOnContext(v -> {
      List<SseStream> streams = snapshot();
      int n = streams.size();
      if (n == 0) {
        done.complete();
        return;
      }
      for (int i = 0; i < n; i++) {
        SseStream s = streams.get(i);
        boolean last = i == n - 1;
        context.owner().setTimer(Math.max(1, windowMs * i / n), t -> {
          s.close(CloseCode.SERVICE_RESTART, "gateway draining, reconnect to continue");
          if (last) {
            done.complete();
          }
        });
      }
    });
    return done.future();
  }
}
