package io.logcast.gateway.session;

import io.logcast.gateway.auth.Principal;
import io.logcast.session.PrincipalConnections;
import io.vertx.core.Context;
import io.vertx.core.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One connection's place in its principal's {@code limits.maxConnectionsPerPrincipal}, taken at
 * hello and given back at close. Anonymous clients (auth.mode none) share one principal, so they
 * are bounded by the instance limits instead. A store that does not answer admits the client:
 * the limit guards against abuse, it must not take the service down with the store.
 */
final class PrincipalQuota {
  private static final Logger LOG = LoggerFactory.getLogger(PrincipalQuota.class);
  private static final long STORE_TIMEOUT_MS = 5_000;
  private static final AtomicLong CONNECTIONS = new AtomicLong();

  private final PrincipalConnections store;
  private final int limit;
  private String principal;
  private String sessionId;
  private String holder;

  PrincipalQuota(PrincipalConnections store, int limit) {
    this.store = store;
    this.limit = limit;
  }

  /** True when the connection may hold {@code sessionId}; remembers the place to give it back. */
  Future<Boolean> acquire(Principal who, String sessionId, Context ctx) {
    // exempt: the one shared principal of auth.mode none (identity, not the name: a token whose
    // sub is "anonymous" counts like any other)
    if (limit == 0 || who == Principal.ANONYMOUS) {
      return Future.succeededFuture(true);
    }
    String h = store.holderPrefix() + CONNECTIONS.incrementAndGet();
    return Future.fromCompletionStage(store.acquire(who.subject(), sessionId, h, limit), ctx)
        .timeout(STORE_TIMEOUT_MS, TimeUnit.MILLISECONDS)
        .map(allowed -> {
          if (allowed) {
            this.principal = who.subject();
            this.sessionId = sessionId;
            this.holder = h;
          }
          return allowed;
        })
        .otherwise(e -> {
          LOG.warn("connection count store unavailable, admitting the client: {}", e.toString());
          return true;
        });
  }

  int limit() {
    return limit;
  }

  /** Gives the place back; completes when the store has it (or at once when nothing was held). */
  Future<Void> release(Context ctx) {
    if (holder == null) {
      return Future.succeededFuture();
    }
    String h = holder;
    holder = null;
    return Future.fromCompletionStage(store.release(principal, sessionId, h), ctx)
        .timeout(STORE_TIMEOUT_MS, TimeUnit.MILLISECONDS)
        .otherwise(e -> null);
  }
}
