package io.logcast.gateway.session;

import io.logcast.gateway.protocol.CloseCode;
import io.logcast.session.SessionStore;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import java.util.List;

/**
 * Drains one event loop: flushes every connection's acknowledged positions, then closes the
 * connections with 1012 spread evenly over the window, so they reconnect (elsewhere) a few at a time.
 */
public final class Drain {
  private Drain() {}

  public static Future<Void> loop(LocalConnections local, SessionStore sessions, long windowMs) {
    Promise<Void> done = Promise.promise();
    local.context().runOnContext(v -> {
      List<Connection> connections = local.snapshot();
      local.flushAcks(sessions);
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
    });
    return done.future();
  }
}
