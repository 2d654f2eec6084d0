package io.logcast.gateway.session;

import io.logcast.gateway.metrics.StoreWrites;
import io.logcast.gateway.protocol.CloseCode;
import io.logcast.session.SessionStore;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Drains one event loop: flushes every connection's acknowledged positions and waits for the
 * store (at most {@value #FLUSH_WAIT_MS} ms, so a store that is down cannot hold the drain), then
 * closes the connections with 1012 spread evenly over the window, so they reconnect (elsewhere) a
 * few at a time and resume from positions that are in the store.
 */
public final class Drain {
  private Drain() {}

  static final long FLUSH_WAIT_MS = 2_000;

  public static Future<Void> loop(LocalConnections local, SessionStore sessions, StoreWrites writes, long windowMs) {
    Promise<Void> done = Promise.promise();
    local.context().runOnContext(v -> Future.fromCompletionStage(local.flushAcks(sessions, writes), local.context())
        .timeout(FLUSH_WAIT_MS, TimeUnit.MILLISECONDS)
        .onComplete(flushed -> closeSpread(local, windowMs, done)));
    return done.future();
  }

  private static void closeSpread(LocalConnections local, long windowMs, Promise<Void> done) {
    List<Connection> connections = local.snapshot();
    int n = connections.size();
    if (n == 0) {
      done.complete();
      return;
    }
    for (int i = 0; i < n; i++) {
      Connection c = connections.get(i);
      boolean last = i == n - 1;
      long delay = Math.max(1, windowMs * i / n);
      local.context().owner().setTimer(delay, t -> {
        c.close(CloseCode.SERVICE_RESTART, "gateway draining, reconnect and resume");
        if (last) {
          done.complete();
        }
      });
    }
  }
}
