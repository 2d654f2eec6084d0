package io.logcast.session;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Idempotency keys for one process; bounded in count, entries dropped after their window. The
 * process is the only owner, so a reservation is taken over only when its lease runs out or its
 * outcome was marked unknown.
 */
public final class InMemoryIdempotencyStore implements IdempotencyStore {
  private static final long SWEEP_INTERVAL_MS = 5_000;

  /** {@code result} null: in flight until {@code leaseUntilMs}, or unknown when {@code unknown}. */
  private record Slot(String result, boolean unknown, long sinceMs, long leaseUntilMs, long expiresAtMs) {}

  private final Map<String, Slot> slots = new ConcurrentHashMap<>();
  private final int maxEntries;
  private volatile long lastSweepMs;

  public InMemoryIdempotencyStore(int maxEntries) {
    this.maxEntries = maxEntries;
  }

  @Override
  public CompletionStage<Optional<Entry>> reserve(String key, Duration window, Duration lease) {
    long now = System.currentTimeMillis();
    sweep(now);
    if (slots.size() >= maxEntries && !slots.containsKey(key)) {
      return CompletableFuture.failedFuture(new Full());
    }
    Optional<Entry>[] answer = new Optional[1];
    slots.compute(key, (k, s) -> {
      if (s == null || s.expiresAtMs() < now) {
        answer[0] = Optional.empty();
        return new Slot(null, false, now, now + lease.toMillis(), now + window.toMillis());
      }
      if (s.result() != null) {
        answer[0] = Optional.of(new Entry(State.DONE, s.result(), 0));
        return s;
      }
      if (s.unknown() || s.leaseUntilMs() < now) {
        answer[0] = Optional.of(new Entry(State.RESOLVE, null, s.sinceMs()));
        return new Slot(null, false, s.sinceMs(), now + lease.toMillis(), now + window.toMillis());
      }
      answer[0] = Optional.of(new Entry(State.IN_FLIGHT, null, s.sinceMs()));
      return s;
    });
    return CompletableFuture.completedFuture(answer[0]);
  }

  @Override
  public CompletionStage<Void> complete(String key, String result, Duration window) {
    long now = System.currentTimeMillis();
    slots.put(key, new Slot(result, false, 0, 0, now + window.toMillis()));
    return CompletableFuture.completedFuture(null);
  }

  @Override
  public CompletionStage<Void> release(String key) {
    slots.remove(key);
    return CompletableFuture.completedFuture(null);
  }

  @Override
  public CompletionStage<Void> markUnknown(String key, long sinceMs, Duration window) {
    slots.put(key, new Slot(null, true, sinceMs, 0, System.currentTimeMillis() + window.toMillis()));
    return CompletableFuture.completedFuture(null);
  }

  private void sweep(long now) {
    if (now - lastSweepMs < SWEEP_INTERVAL_MS) {
      return;
    }
    lastSweepMs = now;
    slots.values().removeIf(s -> s.expiresAtMs() < now);
  }
}
