package io.logcast.gateway.session;

import io.logcast.gateway.auth.Authenticator;


import io.logcast.gateway.auth.AuthException;
import io.logcast.gateway.auth.AuthFailure;
import io.logcast.gateway.auth.Principal;
import io.logcast.gateway.protocol.CloseCode;
import io.logcast.gateway.protocol.ErrorCode;
import io.logcast.gateway.protocol.Errors;
import io.logcast.gateway.protocol.Inbound;
import io.logcast.gateway.protocol.ProtocolError;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import java.util.concurrent.CompletionStage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One connection's authentication: the token checked at {@code hello} (hello's own, else the
 * upgrade request's), the principal it gives, the expiry timer (close 4010 unless a
 * {@code refresh} moved it) and refreshes, which may narrow what the connection may do.
 */
final class ClientAuth {
  private static final Logger LOG = LoggerFactory.getLogger(ClientAuth.class);
  /** Vert.x timers take an int-sized delay comfortably; a far expiry is re-armed in steps. */
  private static final long MAX_TIMER_MS = 24L * 3_600_000;

  private final Connection client;
  private final Authenticator authenticator;
  private final long clockSkewSeconds;
  private final String upgradeToken;
  private Principal principal = Principal.ANONYMOUS;
  private boolean authenticated;
  private long expiryTimer = -1;
  private long deadlineMs;

  ClientAuth(Connection client, Authenticator authenticator, long clockSkewSeconds, String upgradeToken) {
    this.client = client;
    this.authenticator = authenticator;
    this.clockSkewSeconds = clockSkewSeconds;
    this.upgradeToken = upgradeToken;
  }

  Principal principal() {
    return principal;
  }

  /** True once hello's token was accepted (before that the principal is only a placeholder). */
  boolean authenticated() {
    return authenticated;
  }

  /** Succeeds with the principal set; on failure the connection is closing (4001; 1013 if keys are unreachable). */
  Future<Void> hello(String helloToken) {
    return verify(helloToken != null ? helloToken : upgradeToken)
        .map(p -> {
          principal = p;
          authenticated = true;
          arm();
          return (Void) null;
        })
        .onFailure(e -> {
          // the failure class only: never the token, nor where it came from (a URL could hold it)
          LOG.debug("hello refused: {}", reason(e));
          client.close(closeCode(e), reason(e));
        });
  }

  /** {@code refresh}: same subject required; narrower claims drop what they no longer allow. */
  void refresh(Inbound.Refresh r) {
    if (!authenticator.enabled()) {
      client.send(refreshed(r.id()));
      return;
    }
    verify(r.token()).onComplete(ar -> {
      if (client.isClosed()) {
        return;
      }
      if (ar.failed()) {
        // the connection keeps its current token until that one expires
        client.sendError(r.id(), Errors.map(ar.cause()));
        return;
      }
      Principal next = ar.result();
      if (!next.subject().equals(principal.subject())) {
        client.sendError(r.id(), new ProtocolError(ErrorCode.UNAUTHORIZED, "the token is for another principal"));
        return;
      }
      principal = next;
      arm();
      client.subscriptions().retainAllowed(next);
      client.send(refreshed(r.id()));
    });
  }

  void closed() {
    cancel();
  }

  private Future<Principal> verify(String token) {
    CompletionStage<Principal> stage = authenticator.authenticate(token);
    var done = stage.toCompletableFuture();
    if (done.isDone() && !done.isCompletedExceptionally()) {
      return Future.succeededFuture(done.join()); // no JWKS wait: stay in this task
    }
    return Future.fromCompletionStage(stage, client.context());
  }

  /** One timer per connection, at exp + the allowed clock skew (the same instant verification uses). */
  private void arm() {
    cancel();
    if (!principal.expires()) {
      return;
    }
    deadlineMs = principal.expiresAtMs() + clockSkewSeconds * 1_000;
    schedule();
  }

  private void schedule() {
    long delay = Math.max(1, Math.min(MAX_TIMER_MS, deadlineMs - System.currentTimeMillis()));
    expiryTimer = client.context().owner().setTimer(delay, t -> {
      expiryTimer = -1;
      if (System.currentTimeMillis() < deadlineMs) {
        schedule();
      } else {
        client.close(CloseCode.TOKEN_EXPIRED, "token expired");
      }
    });
  }

  private void cancel() {
    if (expiryTimer >= 0) {
      client.context().owner().cancelTimer(expiryTimer);
      expiryTimer = -1;
    }
  }

  private static JsonObject refreshed(Long id) {
    return new JsonObject().put("type", "refreshed").put("id", id);
  }

  private static CloseCode closeCode(Throwable t) {
    if (AuthException.unwrap(t) instanceof AuthException ae) {
      return ae.failure() == AuthFailure.KEYS_UNAVAILABLE ? CloseCode.TRY_AGAIN_LATER : CloseCode.UNAUTHORIZED;
    }
    return CloseCode.INTERNAL_ERROR;
  }

  /** The failure class only (fits the 123-byte close reason); never any part of the token. */
  private static String reason(Throwable t) {
    if (AuthException.unwrap(t) instanceof AuthException ae) {
      return (ae.failure() == AuthFailure.KEYS_UNAVAILABLE ? "try again later: " : "unauthorized: ")
          + ae.failure().text();
    }
    return "internal error";
  }
}
