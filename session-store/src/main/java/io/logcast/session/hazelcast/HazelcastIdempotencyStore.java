package io.logcast.session.hazelcast;

import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.map.IMap;
import io.logcast.session.IdempotencyStore;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;

/** Idempotency keys cluster-wide: a key reserved on one instance is seen by all, until its window ends. */
public final class HazelcastIdempotencyStore implements IdempotencyStore {
  public static final String MAP = "logcast.idempotency";
  /** Stored while the first request is still publishing; never a valid result (results are JSON). */
  static final String IN_FLIGHT = "\u0000in-flight";

  private final IMap<String, String> map;

  public HazelcastIdempotencyStore(HazelcastInstance hz) {
    this.map = hz.getMap(MAP);
  }

  @Override
  public CompletionStage<Optional<Entry>> reserve(String key, Duration window) {
    return Completions.direct(map.submitToKey(key, new IdempotencyReserve(IN_FLIGHT, window.toMillis())))
        .thenApply(prev -> prev == null ? Optional.empty()
            : Optional.of(new Entry(IN_FLIGHT.equals(prev) ? null : prev)));
  }

  @Override
  public CompletionStage<Void> complete(String key, String result, Duration window) {
    return Completions.direct(map.setAsync(key, result, window.toMillis(), TimeUnit.MILLISECONDS));
  }

  @Override
  public CompletionStage<Void> release(String key) {
    return Completions.direct(map.removeAsync(key)).thenApply(v -> null);
  }
}
