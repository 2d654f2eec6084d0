package io.logcast.session.hazelcast;

import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.map.IMap;
import io.logcast.session.IdempotencyStore;
import java.time.Duration;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;

/**
 * Idempotency keys cluster-wide: a key reserved on one instance is seen by all, until its window
 * ends. A reservation names this member as its owner, so it is taken over (as "resolve first") as
 * soon as the member leaves, not after the window.
 */
public final class HazelcastIdempotencyStore implements IdempotencyStore {
  public static final String MAP = "logcast.idempotency";
  /** Prefix of a reservation still publishing; never a valid result (results are JSON). */
  static final String IN_FLIGHT = "\u0000in-flight";

  private final IMap<String, String> map;
  private final String owner;
  private final HazelcastInstance hz;

  public HazelcastIdempotencyStore(HazelcastInstance hz) {
    this.map = hz.getMap(MAP);
    this.hz = hz;
    UUID id = hz.getLocalEndpoint().getUuid();
    // a client owns its reservations through the lease alone: it is never among the members
    this.owner = isMember(hz) ? id.toString() : IdempotencyValue.CLIENT + id;
  }

  @Override
  public CompletionStage<Optional<Entry>> reserve(String key, Duration window, Duration lease) {
    IdempotencyLease reserve = new IdempotencyLease(owner, window.toMillis(), lease.toMillis());
    // run here (this member owns the key's partition) it is never deserialized, so never injected
    reserve.setHazelcastInstance(hz);
    return Completions.direct(map.submitToKey(key, reserve))
        .thenApply(HazelcastIdempotencyStore::answer);
  }

  private static boolean isMember(HazelcastInstance hz) {
    try {
      return hz.getCluster().getLocalMember() != null;
    } catch (UnsupportedOperationException e) {
      return false;
    }
  }

  private static Optional<Entry> answer(String prev) {
    if (prev == null) {
      return Optional.empty();
    }
    if (prev.startsWith(IdempotencyLease.RESOLVE)) {
      long since = Long.parseLong(prev.substring(IdempotencyLease.RESOLVE.length()));
      return Optional.of(new Entry(State.RESOLVE, null, since));
    }
    return Optional.of(IdempotencyValue.entry(prev));
  }

  @Override
  public CompletionStage<Void> complete(String key, String result, Duration window) {
    return Completions.direct(map.setAsync(key, result, window.toMillis(), TimeUnit.MILLISECONDS));
  }

  @Override
  public CompletionStage<Void> release(String key) {
    return Completions.direct(map.removeAsync(key)).thenApply(v -> null);
  }

  @Override
  public CompletionStage<Void> markUnknown(String key, long sinceMs, Duration window) {
    return Completions.direct(map.setAsync(key, IdempotencyValue.unknown(sinceMs), window.toMillis(),
        TimeUnit.MILLISECONDS));
  }
}
