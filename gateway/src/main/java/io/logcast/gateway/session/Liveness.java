package io.logcast.gateway.session;

import io.logcast.gateway.config.LimitsConfig;
import io.logcast.gateway.delivery.Client;
import io.logcast.gateway.live.HubShard;
import io.logcast.gateway.live.Lag;

/**
 * A connection as the loop's housekeeping sees it: when its peer was last heard from (pinged
 * once per heartbeat, gone after two silent ones) and whether it is behind the live stream past
 * the limits.
 */
final class Liveness {
  private final Client out;
  private final HubShard shard;
  private long lastSeenMs;

  Liveness(Client out, HubShard shard, long nowMs) {
    this.out = out;
    this.shard = shard;
    this.lastSeenMs = nowMs;
  }

  /** Any frame from the peer (a request, a pong) shows it is there. */
  void seen(long nowMs) {
    lastSeenMs = nowMs;
  }

  /** The ping wheel's visit, once per heartbeat: pings, or says the peer is gone (silent two intervals). */
  boolean gone(long nowMs, long heartbeatMs) {
    if (nowMs - lastSeenMs > 2 * heartbeatMs) {
      return true;
    }
    out.ping();
    return false;
  }

  boolean behind() {
    return out.behindSinceMs() != 0;
  }

  /** Behind the live stream for longer, or by more records, than the limits allow. */
  boolean tooFarBehind(long nowMs, LimitsConfig limits) {
    long since = out.behindSinceMs();
    return since != 0 && !out.isClosed() && Lag.tooFar(out, shard, since, nowMs, limits);
  }
}
