package io.logcast.gateway.session;

import io.logcast.gateway.protocol.CloseCode;
import io.vertx.core.Context;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BiConsumer;

/** This instance's connections, per event loop, and which local connection holds which session. */
public final class Registry {
  private final List<LocalConnections> loops = new CopyOnWriteArrayList<>();
  private final Map<String, Connection> holders = new ConcurrentHashMap<>();

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

  /** Records that {@code connection} now holds {@code session}; returns the local connection that held it. */
  Connection hold(String session, Connection connection) {
    return holders.put(session, connection);
  }

  void release(String session, Connection connection) {
    holders.remove(session, connection);
  }

  /** Another connection (maybe on another instance) took {@code session} at {@code generation}. */
  public void onTakeover(String session, long generation) {
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
