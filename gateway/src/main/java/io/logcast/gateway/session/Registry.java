package io.logcast.gateway.session;

import io.logcast.gateway.protocol.CloseCode;
import io.vertx.core.Context;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BiConsumer;

/** This instance's connections, per event loop, and which local connection holds which session. */
public final class Registry {
  private final List<LocalConnections> loops = new CopyOnWriteArrayList<>();
  private final SessionHolders<Connection> holders = new SessionHolders<>(Connection::generation, Registry::takenOver);

  /** The connections of the event loop of {@code context}; see {@link LocalConnections#housekeep}. */
  public LocalConnections addLoop(Context context, int passesPerHeartbeat) {
    LocalConnections local = new LocalConnections(context, passesPerHeartbeat);
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

  /** Closes {@code connection} 4011 on its own event loop. */
  static void takenOver(Connection connection) {
    connection.context().runOnContext(v ->
        connection.close(CloseCode.SESSION_TAKEN_OVER, "session resumed on another connection"));
  }

  /** See {@link SessionHolders#hold}: the connection to close 4011, or null. */
  Connection hold(String session, Connection connection) {
    return holders.hold(session, connection);
  }

  void release(String session, Connection connection) {
    holders.release(session, connection);
  }

  /** Another connection (maybe on another instance) took {@code session} at {@code generation}. */
  public void onTakeover(String session, long generation) {
    holders.onTakeover(session, generation);
  }

  /** Every held session with its generation. */
  public void forEachHeld(BiConsumer<String, Long> action) {
    holders.forEach(action);
  }
}
