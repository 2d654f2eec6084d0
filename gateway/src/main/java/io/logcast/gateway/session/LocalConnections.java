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

  LocalConnections(Context context) {
    this.context = context;
  }

  public Context context() {
    return context;
  }

  void add(Connection c) {
    connections.add(c);
  }

  void remove(Connection c) {
    connections.remove(c);
  }

  public int size() {
    return connections.size();
  }

  /** A copy: closing a connection removes it from the set. */
  public List<Connection> snapshot() {
    return new ArrayList<>(connections);
  }

  /**
   * One pass every few hundred ms, without copying the set: pings the connections whose heartbeat
   * is due, closes (4009) those behind the live stream past the limits and (1001) those silent for
   * two heartbeats — after the pass, as closing removes them from the set.
   */
  public void housekeep(long nowMs, LimitsConfig limits, long heartbeatMs) {
    List<Closing> closing = null;
    for (Connection c : connections) {
      CloseCode code = c.housekeep(nowMs, limits, heartbeatMs);
      if (code != null) {
        closing = closing == null ? new ArrayList<>() : closing;
        closing.add(new Closing(c, code));
      }
    }
    if (closing != null) {
      closing.forEach(x -> x.connection().close(x.code(), x.code() == CloseCode.TOO_SLOW
          ? "too slow to keep up: resume to continue from the log" : "heartbeat timeout"));
    }
  }

  private record Closing(Connection connection, CloseCode code) {}

  /** Every connection's pending acks in one session-store batch (one operation per store partition). */
  public CompletionStage<Void> flushAcks(SessionStore sessions, StoreWrites writes) {
    List<AckedPositions> batch = new ArrayList<>();
    connections.forEach(c -> c.subscriptions().drainAcks(batch));
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
