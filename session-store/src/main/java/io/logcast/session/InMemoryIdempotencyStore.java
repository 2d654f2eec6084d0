package io.logcast.session;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;

/** Idempotency keys for one process; bounded in count, entries dropped after their window. */
public final class InMemoryIdempotencyStore implements IdempotencyStore {
  private static final long SWEEP_INTERVAL_MS = 5_000;

  private record Slot(String result, long expiresAtMs) {}

  private final Map<String, Slot> slots = new ConcurrentHashMap<>();
  private final int maxEntries;
  private volatile long lastSweepMs;

  public InMemoryIdempotencyStore(int maxEntries) {
    this.maxEntries = maxEntries;
  }

  @Override
  public CompletionStage<Optional<Entry>> reserve(String key, Duration window) {
    long now = System.currentTimeMillis();
    sweep(now);
    if (slots.size() >= maxEntries) {
      return CompletableFuture.failedFuture(new IllegalStateException("idempotency store full"));
    }
    Slot fresh = new Slot(null, now + window.toMillis());
    Slot prev = slots.compute(key, (k, s) -> s == null || s.expiresAtMs() < now ? fresh : s);
    return CompletableFuture.completedFuture(prev == fresh ? Optional.empty() : Optional.of(new Entry(prev.result())));
  }

  @Override
  public CompletionStage<Void> complete(String key, String result, Duration window) {
    slots.put(key, new Slot(result, System.currentTimeMillis() + window.toMillis()));
    return CompletableFuture.completedFuture(null);
  }

  @Override
  public CompletionStage<Void> release(String key) {
    slots.remove(key);
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
