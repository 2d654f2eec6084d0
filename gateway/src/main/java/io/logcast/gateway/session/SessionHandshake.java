package io.logcast.gateway.session;

import io.logcast.gateway.config.GatewayConfig;
import io.logcast.gateway.metrics.GatewayMetrics;
import io.logcast.gateway.metrics.StoreWrites;
import io.logcast.session.ClusterBus;
import io.logcast.session.PrincipalConnections;
import io.logcast.session.SessionStore;

import io.logcast.gateway.metrics.ResumeOutcome;

import io.logcast.gateway.protocol.CloseCode;
import io.logcast.gateway.protocol.Frames;
import io.logcast.gateway.protocol.Inbound;
import io.logcast.session.Secrets;
import io.logcast.session.SessionRecord;
import io.vertx.core.Future;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code hello} → {@code welcome}: issues a new session, or resumes a stored one (secret checked
 * against its hash, same principal), takes it over from any local connection still holding it,
 * and restores its subscriptions.
 */
public final class SessionHandshake {
  private static final Logger LOG = LoggerFactory.getLogger(SessionHandshake.class);
  public static final String TAKEOVER_CHANNEL = "takeover";
  /** A store that does not answer must not hold a connection: fall back to a fresh session. */
  private static final long STORE_TIMEOUT_MS = 5_000;

  private final Connection client;
  private final SessionStore sessions;
  private final ClusterBus bus;
  private final Registry registry;
  private final GatewayConfig config;
  private final GatewayMetrics metrics;
  private final PrincipalQuota quota;
  private volatile String sessionId;
  private volatile long generation;

  SessionHandshake(Connection client, SessionStore sessions, ClusterBus bus, Registry registry,
      PrincipalConnections connections, GatewayConfig config, GatewayMetrics metrics) {
    this.client = client;
    this.sessions = sessions;
    this.bus = bus;
    this.registry = registry;
    this.config = config;
    this.metrics = metrics;
    this.quota = new PrincipalQuota(connections, config.limits().maxConnectionsPerPrincipal());
  }

  String sessionId() {
    return sessionId;
  }

  long generation() {
    return generation;
  }

  void hello(Inbound.Hello hello) {
    Inbound.Resume resume = hello.resume();
    if (resume == null) {
      fresh(null);
      return;
    }
    var ctx = client.context();
    long started = System.nanoTime();
    Future.fromCompletionStage(sessions.get(resume.session()), ctx)
        .timeout(STORE_TIMEOUT_MS, java.util.concurrent.TimeUnit.MILLISECONDS)
        .compose(found -> {
          if (found.isEmpty() || !Secrets.matches(resume.secret(), found.get().secretHash())) {
            return Future.succeededFuture(ResumeOutcome.UNKNOWN);
          }
          if (!found.get().principal().equals(client.principal())) {
            return Future.succeededFuture(ResumeOutcome.PRINCIPAL);
          }
          return quota.acquire(client.auth().principal(), resume.session(), ctx).compose(allowed -> !allowed
              ? Future.succeededFuture(ResumeOutcome.OVER_QUOTA)
              : Future.fromCompletionStage(
                  sessions.claim(resume.session(), config.nodeId(), System.currentTimeMillis()), ctx)
              .timeout(STORE_TIMEOUT_MS, java.util.concurrent.TimeUnit.MILLISECONDS)
              .map(claimed -> {
                if (claimed.isEmpty()) {
                  return ResumeOutcome.UNKNOWN;
                }
                resumed(claimed.get(), resume);
                return ResumeOutcome.RECOVERED;
              }));
        })
        .otherwise(e -> {
          LOG.warn("session store unavailable on resume: {}", e.toString());
          return ResumeOutcome.UNAVAILABLE;
        })
        .onSuccess(outcome -> {
          metrics.resumed(outcome, System.nanoTime() - started);
          if (outcome == ResumeOutcome.OVER_QUOTA) {
            overQuota();
          } else if (outcome != ResumeOutcome.RECOVERED) {
            fresh(outcome.reason());
          }
        });
  }

  /** limits.maxConnectionsPerPrincipal reached: an error saying so, then 1013 (try again later). */
  private void overQuota() {
    metrics.limits().rejected(io.logcast.gateway.metrics.LimitKind.CONNECTIONS_PER_PRINCIPAL,
        client.principal(), client.remote());
    client.sendError(null, new io.logcast.gateway.protocol.ProtocolError(
        io.logcast.gateway.protocol.ErrorCode.LIMIT_EXCEEDED,
        "this principal already holds " + quota.limit() + " connections (limits.maxConnectionsPerPrincipal)"));
    client.close(CloseCode.TRY_AGAIN_LATER, "too many connections for this principal");
  }

  private void resumed(SessionRecord session, Inbound.Resume resume) {
    if (client.isClosed()) {
      return;
    }
    sessionId = session.id();
    generation = session.generation();
    if (!takeOver()) {
      return;
    }
    client.send(Frames.welcome(sessionId, resume.secret(), true, null, config.nodeId(),
        config.limits().heartbeatMs()));
    client.subscriptions().restore(session.subscriptions(), resume.subscriptions());
    client.opened(true);
  }

  private void fresh(String reason) {
    if (client.isClosed()) {
      return;
    }
    String id = Secrets.newSessionId();
    var ctx = client.context();
    // a resume that failed after taking a place gives it back before the new session takes one
    quota.release(ctx).compose(v -> quota.acquire(client.auth().principal(), id, ctx)).onSuccess(allowed -> {
      if (!allowed) {
        overQuota();
      } else if (client.isClosed()) {
        quota.release(ctx);
      } else {
        created(id, reason);
      }
    });
  }

  /**
   * The welcome waits for the store to have the session (at most the store timeout): a client that
   * drops right after its welcome and resumes on another instance finds it there. A store that does
   * not answer still gets the client its welcome; the failure is counted and logged.
   */
  private void created(String id, String reason) {
    String secret = Secrets.newSecret();
    var write = sessions.create(new SessionRecord(id, client.principal(), Secrets.hash(secret), config.nodeId(), 1,
        List.of(), System.currentTimeMillis()));
    metrics.storeWrites().watch(StoreWrites.Op.CREATE, write);
    Future.fromCompletionStage(write, client.context()).timeout(STORE_TIMEOUT_MS, java.util.concurrent.TimeUnit.MILLISECONDS)
        .onComplete(stored -> welcomeNew(id, secret, reason));
  }

  private void welcomeNew(String id, String secret, String reason) {
    if (client.isClosed()) {
      return;
    }
    sessionId = id;
    generation = 1;
    takeOver();
    client.send(Frames.welcome(sessionId, secret, false, reason, config.nodeId(),
        config.limits().heartbeatMs()));
    metrics.sessionsCreated().increment();
    client.opened(false);
  }

  /**
   * A session lives on one connection, the one with the newest generation: an older local holder
   * is closed with 4011 here, every other instance closes its older holder when the takeover
   * reaches it, and if a newer one already holds it (a concurrent resume that claimed after this
   * one), this connection is the one closed. False then.
   */
  private boolean takeOver() {
    Connection loser = registry.hold(sessionId, client);
    if (loser == client) {
      client.close(CloseCode.SESSION_TAKEN_OVER, "session resumed on another connection");
      return false;
    }
    if (loser != null) {
      Registry.takenOver(loser);
    }
    if (generation > 1) {
      bus.publish(TAKEOVER_CHANNEL, sessionId + " " + generation);
    }
    return true;
  }

  void disconnected() {
    quota.release(client.context());
    if (sessionId != null) {
      registry.release(sessionId, client);
      metrics.storeWrites().watch(StoreWrites.Op.DISCONNECTED,
          sessions.disconnected(sessionId, generation, System.currentTimeMillis()));
    }
  }
}
