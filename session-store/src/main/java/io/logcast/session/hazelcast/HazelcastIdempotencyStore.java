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
 * soon as the member leaves, not after the window. A member refuses new keys while it owns
 * {@code maxOwnedKeys} of them (keys spread evenly over the members, so this bounds each member's
 * share); keys it already holds are still answered.
 */
public final class HazelcastIdempotencyStore implements IdempotencyStore {
  public static final String MAP = "logcast.idempotency";
  /** Prefix of a reservation still publishing; never a valid result (results are JSON). */
  static final String IN_FLIGHT = "\u0000in-flight";
  /** The owned-entry count is a walk over this member's partitions: sampled, not read per publish. */
  private static final long OWNED_SAMPLE_INTERVAL_MS = 1_000;

  private final IMap<String, String> map;
  private final String owner;
  private final HazelcastInstance hz;
  private final boolean member;
  private final long maxOwnedKeys;
  private volatile long ownedKeys;
  private volatile long sampledAtMs;

  public HazelcastIdempotencyStore(HazelcastInstance hz) {
    this(hz, DEFAULT_MAX_KEYS_PER_MEMBER);
  }

  public HazelcastIdempotencyStore(HazelcastInstance hz, long maxOwnedKeys) {
    this.map = hz.getMap(MAP);
    this.hz = hz;
    this.member = isMember(hz);
    this.maxOwnedKeys = maxOwnedKeys;
    UUID id = hz.getLocalEndpoint().getUuid();
    // a client owns its reservations through the lease alone: it is never among the members
    this.owner = member ? id.toString() : IdempotencyValue.CLIENT + id;
  }

  @Override
  public CompletionStage<Optional<Entry>> reserve(String key, Duration window, Duration lease) {
    // over the bound only a new key is refused, atomically on the key's owner: a key already held
    // is answered, so a retry never writes twice
    IdempotencyLease reserve = new IdempotencyLease(owner, window.toMillis(), lease.toMillis(), full());
    // run here (this member owns the key's partition) it is never deserialized, so never injected
    reserve.setHazelcastInstance(hz);
    return Completions.direct(map.submitToKey(key, reserve))
        .thenApply(HazelcastIdempotencyStore::answer);
  }

  /** A client leaves the bound to its cluster's members: it owns no entries. */
  private boolean full() {
    if (!member) {
      return false;
    }
    long now = System.currentTimeMillis();
    if (now - sampledAtMs >= OWNED_SAMPLE_INTERVAL_MS) {
      sampledAtMs = now;
      ownedKeys = map.getLocalMapStats().getOwnedEntryCount();
    }
    return ownedKeys >= maxOwnedKeys;
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
    if (prev.equals(IdempotencyLease.FULL)) {
      throw new Full();
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
