package io.logcast.gateway.session;

import io.logcast.gateway.metrics.StoreWrites;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import io.logcast.gateway.config.LimitsConfig;
import io.logcast.gateway.protocol.CloseCode;
import io.logcast.session.AckedPositions;
import io.logcast.session.SessionStore;
import io.vertx.core.Context;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/** The connections of one event loop, and the periodic work over them; used on that loop only. */
public final class LocalConnections {
  private final Context context;
  private final Set<Connection> connections = new LinkedHashSet<>();
  private final PingWheel<Connection> wheel;
  /** Connections that fell behind the live stream: their lag is checked on every pass until they catch up. */
  private final Set<Connection> behind = new LinkedHashSet<>();
  /** Connections with acks not yet written: the periodic flush visits these only. */
  private final Set<Connection> acked = new LinkedHashSet<>();

  /** {@code passesPerHeartbeat}: how many housekeeping passes make one heartbeat interval. */
  LocalConnections(Context context, int passesPerHeartbeat) {
    this.context = context;
    this.wheel = new PingWheel<>(passesPerHeartbeat);
  }

  public Context context() {
    return context;
  }

  void add(Connection c) {
    connections.add(c);
    wheel.add(c);
  }

  void remove(Connection c) {
    connections.remove(c);
    wheel.remove(c);
    behind.remove(c);
    acked.remove(c);
  }

  void fellBehind(Connection c) {
    behind.add(c);
  }

  void ackPending(Connection c) {
    acked.add(c);
  }

  public int size() {
    return connections.size();
  }

  /** A copy: closing a connection removes it from the set. */
  public List<Connection> snapshot() {
    return new ArrayList<>(connections);
  }

  /**
   * One pass every few hundred ms, without copying the set: closes (4009) the connections behind
   * the live stream past the limits, and visits one slot of the ping wheel, where each connection is
   * pinged, or closed (1001) when silent for two heartbeats. Closes after the pass, as closing
   * removes a connection from the sets.
   */
  public void housekeep(long nowMs, LimitsConfig limits, long heartbeatMs) {
    List<Connection> tooSlow = new ArrayList<>(0);
    for (var it = behind.iterator(); it.hasNext();) {
      Connection c = it.next();
      if (c.liveness().tooFarBehind(nowMs, limits)) {
        tooSlow.add(c);
      } else if (!c.liveness().behind()) {
        it.remove();
      }
    }
    List<Connection> gone = new ArrayList<>(0);
    for (Connection c : wheel.turn()) {
      if (c.liveness().gone(nowMs, heartbeatMs)) {
        gone.add(c);
      }
    }
    tooSlow.forEach(Connection::closeTooSlow);
    gone.forEach(c -> c.close(CloseCode.GOING_AWAY, "heartbeat timeout"));
  }

  /** The pending acks of the connections that acked, in one session-store batch (one operation per store partition). */
  public CompletionStage<Void> flushAcks(SessionStore sessions, StoreWrites writes) {
    List<AckedPositions> batch = new ArrayList<>();
    acked.removeIf(c -> !c.subscriptions().drainAcks(batch));
    if (batch.isEmpty()) {
      return CompletableFuture.completedFuture(null);
    }
    CompletionStage<Void> write = sessions.mergeAckedAll(batch);
    writes.watch(StoreWrites.Op.MERGE_ACKED, write);
    return write;
  }

  public void closeAll(CloseCode code, String reason) {
    snapshot().forEach(c -> c.close(code, reason));
  }
}
