package io.logcast.session;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * Where sessions live between connections. Implementations must make every update atomic per
 * session and refuse writes that carry an older generation than the stored one, so an instance
 * that lost a session (a paused "zombie") can never move it backwards.
 *
 * <p>Completion stages may complete on any thread; callers hop back to their own context.
 */
public interface SessionStore extends AutoCloseable {

  /** Stores a new session (generation 1, owned by the caller). */
  CompletionStage<Void> create(SessionRecord session);

  CompletionStage<Optional<SessionRecord>> get(String id);

  /** Takes the session over for {@code owner}: generation + 1. Empty if the session is unknown. */
  CompletionStage<Optional<SessionRecord>> claim(String id, String owner, long nowMs);

  /** Adds or replaces a subscription (same topic and key). False if the generation is stale. */
  CompletionStage<Boolean> putSubscription(String id, long generation, StoredSubscription sub);

  /** Adds or replaces several subscriptions in one write, in order. False if the generation is stale. */
  CompletionStage<Boolean> putSubscriptions(String id, long generation, List<StoredSubscription> subs);

  CompletionStage<Boolean> removeSubscription(String id, long generation, String topic, String key);

  /** Merges acknowledged positions by per-partition maximum. False if the generation is stale. */
  CompletionStage<Boolean> mergeAcked(
      String id, long generation, String topic, String key, String epoch, Map<Integer, Long> next);

  /**
   * Many sessions' acknowledged positions at once (an instance's periodic ack flush). Each merges
   * as {@link #mergeAcked} would; stale generations are skipped. Completes when all are written.
   */
  default CompletionStage<Void> mergeAckedAll(List<AckedPositions> batch) {
    CompletableFuture<?>[] each = batch.stream()
        .map(a -> mergeAcked(a.session(), a.generation(), a.topic(), a.key(), a.epoch(), a.next()).toCompletableFuture())
        .toArray(CompletableFuture[]::new);
    return CompletableFuture.allOf(each);
  }

  /** A held session is alive: restarts its expiry clock. False if the generation is stale. */
  CompletionStage<Boolean> touch(String id, long generation, long nowMs);

  /** {@link #touch} for every session in {@code generations} (session id → generation) at once. */
  default CompletionStage<Void> touchAll(Map<String, Long> generations, long nowMs) {
    CompletableFuture<?>[] each = generations.entrySet().stream()
        .map(e -> touch(e.getKey(), e.getValue(), nowMs).toCompletableFuture())
        .toArray(CompletableFuture[]::new);
    return CompletableFuture.allOf(each);
  }

  /** Starts the expiry clock: the session expires this long after its last disconnect. */
  CompletionStage<Void> disconnected(String id, long generation, long nowMs);

  @Override
  default void close() {}
}
