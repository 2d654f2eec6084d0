package io.logcast.gateway.core;

import io.logcast.gateway.protocol.CloseCodes;
import io.logcast.session.SessionStore;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import java.util.ArrayList;
import java.util.List;

/**
 * Drains one shard: flushes every client's acknowledged positions, then closes the clients with
 * 1012 spread evenly over the window, so they reconnect (elsewhere) a few at a time.
 */
final class Drain {
  private Drain() {}

  static Future<Void> shard(HubShard shard, SessionStore sessions, long windowMs) {
    Promise<Void> done = Promise.promise();
    shard.context().runOnContext(v -> {
      List<Client> clients = new ArrayList<>(shard.clients());
      shard.flushAcks(sessions);
      int n = clients.size();
      if (n == 0) {
        done.complete();
        return;
      }
      for (int i = 0; i < n; i++) {
        Client c = clients.get(i);
        boolean last = i == n - 1;
        long delay = Math.max(1, windowMs * i / n);
        shard.context().owner().setTimer(delay, t -> {
          c.close(CloseCodes.SERVICE_RESTART, "gateway draining, reconnect and resume");
          if (last) {
            done.complete();
          }
        });
      }
    });
    return done.future();
  }
}
