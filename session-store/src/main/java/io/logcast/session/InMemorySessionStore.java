package io.logcast.session;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.UnaryOperator;

/**
 * A single-instance session store: sessions survive reconnects to the same process only. Updates
 * are atomic per session ({@link ConcurrentHashMap#computeIfPresent}) with the same generation
 * rules as the clustered store.
 */
public final class InMemorySessionStore implements SessionStore {
  private static final long SWEEP_INTERVAL_MS = 10_000;

  private final Map<String, SessionRecord> sessions = new ConcurrentHashMap<>();
  private final Map<String, Long> disconnectedAt = new ConcurrentHashMap<>();
  private final long ttlMs;
  private volatile long lastSweepMs;

  public InMemorySessionStore(Duration ttl) {
    this.ttlMs = ttl.toMillis();
  }

  @Override
  public CompletionStage<Void> create(SessionRecord session) {
    sweep(session.lastSeenMs());
    sessions.put(session.id(), session);
    return CompletableFuture.completedFuture(null);
  }

  @Override
  public CompletionStage<Optional<SessionRecord>> get(String id) {
    return CompletableFuture.completedFuture(Optional.ofNullable(live(id, System.currentTimeMillis())));
  }

  @Override
  public CompletionStage<Optional<SessionRecord>> claim(String id, String owner, long nowMs) {
    if (live(id, nowMs) == null) {
      return CompletableFuture.completedFuture(Optional.empty());
    }
    disconnectedAt.remove(id);
    return CompletableFuture.completedFuture(
        Optional.ofNullable(sessions.computeIfPresent(id, (k, s) -> s.claimedBy(owner, nowMs))));
  }

  @Override
  public CompletionStage<Boolean> putSubscription(String id, long generation, StoredSubscription sub) {
    return update(id, generation, s -> s.withPut(List.of(sub)));
  }

  @Override
  public CompletionStage<Boolean> putSubscriptions(String id, long generation, List<StoredSubscription> added) {
    return update(id, generation, s -> s.withPut(added));
  }

  @Override
  public CompletionStage<Boolean> removeSubscription(String id, long generation, String topic, String key) {
    return update(id, generation, s -> {
      List<StoredSubscription> subs = new ArrayList<>(s.subscriptions());
      subs.removeIf(x -> x.sameTarget(topic, key));
      return s.withSubscriptions(subs);
    });
  }

  @Override
  public CompletionStage<Boolean> mergeAcked(
      String id, long generation, String topic, String key, String epoch, Map<Integer, Long> next) {
    return update(id, generation, s -> s.withAcked(topic, key, epoch, next));
  }

  /** In memory the clock only starts at disconnect, so a touch just checks the generation. */
  @Override
  public CompletionStage<Boolean> touch(String id, long generation, long nowMs) {
    SessionRecord s = sessions.get(id);
    return CompletableFuture.completedFuture(s != null && s.acceptedFrom(generation) != null);
  }

  @Override
  public CompletionStage<Void> disconnected(String id, long generation, long nowMs) {
    update(id, generation, s -> s.seenAt(nowMs)).thenAccept(ok -> {
      if (ok) {
        disconnectedAt.put(id, nowMs);
      }
    });
    return CompletableFuture.completedFuture(null);
  }

  private CompletionStage<Boolean> update(String id, long generation, UnaryOperator<SessionRecord> change) {
    AtomicBoolean applied = new AtomicBoolean();
    sessions.computeIfPresent(id, (k, s) -> {
      SessionRecord current = s.acceptedFrom(generation);
      if (current == null) {
        return s; // a newer owner holds it: the stale writer changes nothing
      }
      applied.set(true);
      return change.apply(current);
    });
    return CompletableFuture.completedFuture(applied.get());
  }

  private SessionRecord live(String id, long nowMs) {
    Long gone = disconnectedAt.get(id);
    if (gone != null && nowMs - gone > ttlMs) {
      sessions.remove(id);
      disconnectedAt.remove(id);
      return null;
    }
    return sessions.get(id);
  }

  private void sweep(long nowMs) {
    if (nowMs - lastSweepMs < SWEEP_INTERVAL_MS) {
      return;
    }
    lastSweepMs = nowMs;
    disconnectedAt.forEach((id, gone) -> live(id, nowMs));
  }
}
