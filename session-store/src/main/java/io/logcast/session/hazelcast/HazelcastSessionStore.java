package io.logcast.session.hazelcast;

import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.map.EntryProcessor;
import com.hazelcast.map.IMap;
import com.hazelcast.partition.PartitionService;
import io.logcast.session.AckedPositions;
import io.logcast.session.SessionRecord;
import io.logcast.session.SessionStore;
import io.logcast.session.StoredSubscription;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/**
 * Sessions in a Hazelcast IMap (backup count ≥ 1, see {@link HazelcastMembers}). Every update is
 * an entry processor on the owning member: atomic, and refused when it carries an older generation,
 * so a paused instance can neither move a session backwards nor steal it back. An entry expires
 * {@code ttl} after its last write; the gateway touches the sessions it holds, so only sessions
 * that are really gone expire.
 */
public final class HazelcastSessionStore implements SessionStore {
  public static final String MAP = "logcast.sessions";

  private final IMap<String, SessionRecord> map;
  private final PartitionService partitions;
  private final long ttlMs;
  private final SplitBrainGuard guard;

  public HazelcastSessionStore(HazelcastInstance hz, Duration ttl) {
    this.map = hz.getMap(MAP);
    this.guard = SplitBrainGuard.of(hz);
    this.partitions = hz.getPartitionService();
    this.ttlMs = ttl.toMillis();
  }

  @Override
  public CompletionStage<Void> create(SessionRecord session) {
    return Completions.direct(map.setAsync(session.id(), session, ttlMs, TimeUnit.MILLISECONDS));
  }

  @Override
  public CompletionStage<Optional<SessionRecord>> get(String id) {
    return Completions.direct(map.getAsync(id)).thenApply(Optional::ofNullable);
  }

  @Override
  public CompletionStage<Optional<SessionRecord>> claim(String id, String owner, long nowMs) {
    // a claim on each side of a split would hand out the same next generation twice
    try {
      guard.ensure();
    } catch (RuntimeException e) {
      return CompletableFuture.failedFuture(e);
    }
    return Completions.direct(map.submitToKey(id, new SessionClaim(owner, nowMs, ttlMs)))
        .thenApply(Optional::ofNullable);
  }

  @Override
  public CompletionStage<Boolean> putSubscription(String id, long generation, StoredSubscription sub) {
    return update(id, new SessionUpdate.PutSubscription(generation, ttlMs, sub));
  }

  @Override
  public CompletionStage<Boolean> putSubscriptions(String id, long generation, List<StoredSubscription> subs) {
    return update(id, new PutSubscriptions(generation, ttlMs, subs));
  }

  @Override
  public CompletionStage<Boolean> removeSubscription(String id, long generation, String topic, String key) {
    return update(id, new SessionUpdate.RemoveSubscription(generation, ttlMs, topic, key));
  }

  @Override
  public CompletionStage<Boolean> mergeAcked(
      String id, long generation, String topic, String key, String epoch, Map<Integer, Long> next) {
    return update(id, new SessionUpdate.MergeAcked(generation, ttlMs, topic, key, epoch, next));
  }

  @Override
  public CompletionStage<Void> mergeAckedAll(List<AckedPositions> batch) {
    Map<String, List<AckedPositions>> bySession = new HashMap<>();
    for (AckedPositions a : batch) {
      bySession.computeIfAbsent(a.session(), s -> new ArrayList<>(1)).add(a);
    }
    return perPartition(bySession, group -> new AckBatch(ttlMs, group));
  }

  @Override
  public CompletionStage<Void> touchAll(Map<String, Long> generations, long nowMs) {
    return perPartition(generations, group -> new TouchBatch(ttlMs, nowMs, group));
  }

  /** One operation per store partition, each carrying only that partition's sessions. */
  private <T> CompletionStage<Void> perPartition(Map<String, T> bySession,
      Function<Map<String, T>, EntryProcessor<String, SessionRecord, Boolean>> processor) {
    Map<Integer, Map<String, T>> groups = new HashMap<>();
    bySession.forEach((id, v) ->
        groups.computeIfAbsent(partitions.getPartition(id).getPartitionId(), p -> new HashMap<>()).put(id, v));
    CompletableFuture<?>[] writes = groups.values().stream()
        .map(group -> Completions.direct(map.submitToKeys(group.keySet(), processor.apply(group))))
        .toArray(CompletableFuture[]::new);
    return CompletableFuture.allOf(writes);
  }

  @Override
  public CompletionStage<Void> disconnected(String id, long generation, long nowMs) {
    return update(id, new SessionUpdate.Touch(generation, ttlMs, nowMs)).thenApply(ok -> null);
  }

  /** Keeps a held session from expiring while its connection lives. */
  @Override
  public CompletionStage<Boolean> touch(String id, long generation, long nowMs) {
    return update(id, new SessionUpdate.Touch(generation, ttlMs, nowMs));
  }

  private CompletionStage<Boolean> update(String id, SessionUpdate op) {
    return Completions.direct(map.submitToKey(id, op)).thenApply(Boolean.TRUE::equals);
  }
}
