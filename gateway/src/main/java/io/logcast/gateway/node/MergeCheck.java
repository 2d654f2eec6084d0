package io.logcast.gateway.node;

import io.logcast.session.SessionStore;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BiConsumer;
import java.util.function.Consumer;

/**
 * After the session cluster heals from a split (Hazelcast's MERGED event): a session resumed on
 * both sides is kept at its higher generation, so the connection here that holds the lower one
 * is already superseded. Every write it makes is refused from now on; it is closed 4011 at once,
 * as after any takeover, instead of carrying on with positions that no longer persist.
 */
final class MergeCheck {
  private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(MergeCheck.class);

  private MergeCheck() {
  }

  /**
   * @param held     visits every session held here with its generation
   * @param takeover closes the holder of a session if its generation is below the given one
   * @return completes with the number of holders found superseded
   */
  static CompletableFuture<Integer> run(Consumer<BiConsumer<String, Long>> held, SessionStore store,
      BiConsumer<String, Long> takeover) {
    Map<String, Long> holders = new HashMap<>();
    held.accept(holders::put);
    AtomicInteger superseded = new AtomicInteger();
    List<CompletableFuture<Void>> reads = new ArrayList<>(holders.size());
    holders.forEach((id, generation) -> reads.add(store.get(id).toCompletableFuture()
        .thenAccept(found -> found.ifPresent(s -> {
          if (s.generation() > generation) {
            superseded.incrementAndGet();
            takeover.accept(id, s.generation());
          }
        }))
        // unreadable now: its next refused write shows in logcast_session_store_writes_unapplied_total
        .exceptionally(e -> null)));
    return CompletableFuture.allOf(reads.toArray(CompletableFuture[]::new)).thenApply(v -> {
      LOG.warn("session cluster merged after a split: {} of {} session(s) held here were resumed on the other "
          + "side meanwhile; their connections closed 4011", superseded.get(), holders.size());
      return superseded.get();
    });
  }
}
