package io.logcast.gateway.live;

import io.logcast.gateway.config.LimitsConfig;
import io.logcast.gateway.delivery.Client;
import io.logcast.gateway.delivery.Subscription;

/**
 * How far behind the live stream a client is, once its socket has filled. It is served from the
 * log meanwhile, which costs the gateway nothing per record held; the limits only bound how long
 * and how far a client may trail before it is told (4009) to come back and resume. The same rule
 * for WebSocket connections and event streams.
 */
public final class Lag {
  private Lag() {}

  /** True when the client has trailed longer than maxBehindMs or by more than maxBehindRecords. */
  public static boolean tooFar(Client client, HubShard shard, long behindSinceMs, long nowMs, LimitsConfig limits) {
    return nowMs - behindSinceMs > limits.maxBehindMs() || recordsBehind(client, shard) > limits.maxBehindRecords();
  }

  /** Records between each lagging partition's cursor and the live position, over all subscriptions. */
  public static long recordsBehind(Client client, HubShard shard) {
    long total = 0;
    for (Subscription sub : client.subscriptions()) {
      total += shard.recordsBehind(sub);
    }
    return total;
  }
}
