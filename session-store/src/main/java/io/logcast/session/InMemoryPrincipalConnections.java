package io.logcast.session;

import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;

/** Per-principal counts for one process (session.store memory: a single instance). */
public final class InMemoryPrincipalConnections implements PrincipalConnections {
  private final Map<String, Map<String, String>> byPrincipal = new ConcurrentHashMap<>();
  private final String prefix = UUID.randomUUID() + ":";

  @Override
  public CompletionStage<Boolean> acquire(String principal, String sessionId, String holder, int limit) {
    boolean[] allowed = {false};
    byPrincipal.compute(principal, (p, held) -> {
      Map<String, String> next = held == null ? new HashMap<>() : held;
      allowed[0] = ConnectionsRule.acquire(next, sessionId, holder, limit);
      return next.isEmpty() ? null : next;
    });
    return CompletableFuture.completedFuture(allowed[0]);
  }

  @Override
  public CompletionStage<Void> release(String principal, String sessionId, String holder) {
    byPrincipal.computeIfPresent(principal, (p, held) -> {
      ConnectionsRule.release(held, sessionId, holder);
      return held.isEmpty() ? null : held;
    });
    return CompletableFuture.completedFuture(null);
  }

  @Override
  public String holderPrefix() {
    return prefix;
  }

  /** Sessions the principal holds now (for tests and the admin view). */
  public int held(String principal) {
    Map<String, String> held = byPrincipal.get(principal);
    return held == null ? 0 : held.size();
  }
}
