package io.logcast.session;

import java.util.concurrent.CompletionStage;

/**
 * Who holds how many connections, per principal. Counted by session, not by socket: a session
 * resumed on a new connection replaces its old holder instead of counting twice, so a client that
 * reconnects while its old socket is still open is never refused by its own ghost.
 */
public interface PrincipalConnections {

  /**
   * Records that {@code holder} (one connection) now holds {@code sessionId} for {@code principal}.
   * True when allowed: the session was already counted (a takeover) or the principal holds fewer
   * than {@code limit} sessions.
   */
  CompletionStage<Boolean> acquire(String principal, String sessionId, String holder, int limit);

  /** Forgets the session if {@code holder} still holds it; a later takeover is left alone. */
  CompletionStage<Void> release(String principal, String sessionId, String holder);

  /** A prefix that makes holder ids unique to this process and lets a dead process's holders be forgotten. */
  String holderPrefix();
}
