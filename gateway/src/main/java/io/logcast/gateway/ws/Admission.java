package io.logcast.gateway.ws;

import io.logcast.gateway.metrics.LimitKind;
import java.util.function.IntSupplier;

/** Whether a new WebSocket may be upgraded: not while draining, nor past the connection count or rate. */
public final class Admission {
  private final IntSupplier connections;
  private final int maxConnections;
  private final TokenBucket connects;
  private volatile boolean draining;

  public Admission(IntSupplier connections, int maxConnections, int connectsPerSecond) {
    this.connections = connections;
    this.maxConnections = maxConnections;
    this.connects = new TokenBucket(connectsPerSecond, connectsPerSecond);
  }

  /** Null if a new connection is allowed, else the limit that refuses it. */
  public LimitKind admit() {
    if (connections.getAsInt() >= maxConnections) {
      return LimitKind.CONNECTIONS;
    }
    return connects.tryTake() ? null : LimitKind.CONNECT_RATE;
  }

  public boolean draining() {
    return draining;
  }

  public void draining(boolean value) {
    draining = value;
  }
}
