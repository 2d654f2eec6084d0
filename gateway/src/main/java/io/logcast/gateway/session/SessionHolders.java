package io.logcast.gateway.session;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BiConsumer;
import java.util.function.Consumer;
import java.util.function.LongSupplier;
import java.util.function.ToLongFunction;

/**
 * Which local connection holds which session. A session is held by the connection with the
 * highest generation (the store's claim counter): whatever order claims complete and takeover
 * messages from other instances arrive in, the older one is superseded. Both operations run under
 * the session's lock in one map, so a takeover announced while a claim is being held is either
 * seen by the claim or sees it — never neither.
 */
final class SessionHolders<H> {
  /** How long a takeover announced for a session not (yet) held here is remembered. */
  static final long TAKEOVER_MEMORY_MS = 30_000;
  static final int TAKEOVER_PURGE_SIZE = 1_000;

  private record Seen(long generation, long atMs) {}

  private final Map<String, H> holders = new ConcurrentHashMap<>();
  /** Takeovers announced by other instances, for a claim here that completes after the message. */
  private final Map<String, Seen> announced = new ConcurrentHashMap<>();
  private final ToLongFunction<H> generation;
  private final Consumer<H> supersede;
  private final LongSupplier clockMs;
  /**
   * The size of {@link #announced} that triggers the next purge: twice what the last one kept. A
   * purge visits every entry, so purging at a fixed size would visit them all on every takeover
   * of a storm, whose entries are all young (quadratic: 10,000 takeovers, ~50M visits).
   */
  private volatile int purgeAt = TAKEOVER_PURGE_SIZE;
  /** Guarded by this. */
  private int purges;

  SessionHolders(ToLongFunction<H> generation, Consumer<H> supersede) {
    this(generation, supersede, System::currentTimeMillis);
  }

  SessionHolders(ToLongFunction<H> generation, Consumer<H> supersede, LongSupplier clockMs) {
    this.generation = generation;
    this.supersede = supersede;
    this.clockMs = clockMs;
  }

  /**
   * {@code holder} claimed {@code session}: it holds the session unless a newer generation already
   * does (here, or announced by another instance). Returns the loser — the previous holder, or
   * {@code holder} itself — or null; the caller supersedes it.
   */
  H hold(String session, H holder) {
    long claimed = generation.applyAsLong(holder);
    var out = new Object() {
      H loser;
    };
    holders.compute(session, (id, previous) -> {
      Seen seen = announced.get(session);
      if (seen != null && seen.generation() > claimed && clockMs.getAsLong() - seen.atMs() < TAKEOVER_MEMORY_MS) {
        out.loser = holder;
        return previous;
      }
      if (previous == null || previous == holder || generation.applyAsLong(previous) <= claimed) {
        out.loser = previous == holder ? null : previous;
        return holder;
      }
      out.loser = holder;
      return previous;
    });
    return out.loser;
  }

  void release(String session, H holder) {
    holders.remove(session, holder);
  }

  /** Another connection (maybe on another instance) took {@code session} at {@code newer}. */
  void onTakeover(String session, long newer) {
    long now = clockMs.getAsLong();
    var out = new Object() {
      H superseded;
    };
    holders.compute(session, (id, holder) -> {
      announced.merge(session, new Seen(newer, now), (a, b) -> a.generation() >= b.generation() ? a : b);
      if (holder != null && generation.applyAsLong(holder) < newer) {
        out.superseded = holder;
      }
      return holder;
    });
    if (announced.size() > purgeAt) {
      purge(now);
    }
    if (out.superseded != null) {
      supersede.accept(out.superseded);
    }
  }

  /** Forgets announcements older than the memory; the next purge waits until the map doubles. */
  private synchronized void purge(long now) {
    if (announced.size() <= purgeAt) {
      return; // another thread just purged
    }
    announced.values().removeIf(s -> now - s.atMs() >= TAKEOVER_MEMORY_MS);
    purgeAt = Math.max(TAKEOVER_PURGE_SIZE, 2 * announced.size());
    purges++;
  }

  /** Announcements remembered now. */
  int announcedCount() {
    return announced.size();
  }

  /** Purges of the announcements so far. */
  synchronized int purges() {
    return purges;
  }

  /** Every held session with its generation. */
  void forEach(BiConsumer<String, Long> action) {
    holders.forEach((id, h) -> action.accept(id, generation.applyAsLong(h)));
  }
}
