package io.logcast.gateway.session;

import io.logcast.gateway.protocol.CloseCode;
import io.vertx.core.Context;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BiConsumer;

/**
 * This instance's connections, per event loop, and which local connection holds which session.
 * A session is held by the connection with the highest generation (the store's claim counter):
 * whatever order claims complete and takeover messages arrive in, the older one is closed 4011.
 */
public final class Registry {
  /** How long a takeover announced for a session not (yet) held here is remembered. */
  private static final long TAKEOVER_MEMORY_MS = 30_000;
  private static final int TAKEOVER_PURGE_SIZE = 1_000;

  private record Seen(long generation, long atMs) {}

  private final List<LocalConnections> loops = new CopyOnWriteArrayList<>();
  private final Map<String, Connection> holders = new ConcurrentHashMap<>();
  /** Takeovers announced by other instances, for a claim here that completes after the message. */
  private final Map<String, Seen> announced = new ConcurrentHashMap<>();

  /** The connections of the event loop of {@code context}. */
  public LocalConnections addLoop(Context context) {
    LocalConnections local = new LocalConnections(context);
    loops.add(local);
    return local;
  }

  public List<LocalConnections> loops() {
    return loops;
  }

  public int connections() {
    int n = 0;
    for (LocalConnections l : loops) {
      n += l.size();
    }
    return n;
  }

  /**
   * {@code connection} claimed {@code session} at its generation: it holds the session unless a
   * newer generation already does (here, or announced by another instance). Returns the loser to
   * close with 4011 — the previous holder, or {@code connection} itself — or null.
   */
  Connection hold(String session, Connection connection) {
    Seen seen = announced.get(session);
    if (seen != null && seen.generation() > connection.generation()
        && System.currentTimeMillis() - seen.atMs() < TAKEOVER_MEMORY_MS) {
      return connection;
    }
    Connection[] loser = new Connection[1];
    holders.compute(session, (id, previous) -> {
      if (previous == null || previous == connection || previous.generation() <= connection.generation()) {
        loser[0] = previous == connection ? null : previous;
        return connection;
      }
      loser[0] = connection;
      return previous;
    });
    return loser[0];
  }

  void release(String session, Connection connection) {
    holders.remove(session, connection);
  }

  /** Another connection (maybe on another instance) took {@code session} at {@code generation}. */
  public void onTakeover(String session, long generation) {
    long now = System.currentTimeMillis();
    announced.merge(session, new Seen(generation, now), (a, b) -> a.generation() >= b.generation() ? a : b);
    if (announced.size() > TAKEOVER_PURGE_SIZE) {
      announced.values().removeIf(s -> now - s.atMs() >= TAKEOVER_MEMORY_MS);
    }
    Connection holder = holders.get(session);
    if (holder != null && holder.generation() < generation) {
      holder.context().runOnContext(v ->
          holder.close(CloseCode.SESSION_TAKEN_OVER, "session resumed on another connection"));
    }
  }

  /** Every held session with its generation. */
  public void forEachHeld(BiConsumer<String, Long> action) {
    holders.forEach((id, c) -> action.accept(id, c.generation()));
  }
}
