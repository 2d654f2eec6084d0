package io.logcast.gateway.core;

import io.logcast.gateway.config.LimitsConfig;

/**
 * How far behind the live stream a client is, once its socket has filled. It is served from the
 * log meanwhile, which costs the gateway nothing per record held; the limits only bound how long
 * and how far a client may trail before it is told (4009) to come back and resume.
 */
final class Lag {
  private Lag() {}

  /** True when the client has trailed longer than maxBehindMs or by more than maxBehindRecords. */
  static boolean tooFar(Client client, long behindSinceMs, long nowMs, LimitsConfig limits) {
    return nowMs - behindSinceMs > limits.maxBehindMs() || recordsBehind(client) > limits.maxBehindRecords();
  }

  /**
   * Records between each lagging partition's cursor and the live position. A key subscription counts
   * every record of its partitions, not just its key's: the log has to be read past them all.
   */
  static long recordsBehind(Client client) {
    long[] total = {0};
    client.forEachSubscription(sub -> {
      TopicState ts = client.shard().topics().get(sub.topic);
      long[] live = ts == null ? null : ts.livePos;
      if (live == null) {
        return;
      }
      for (int p = 0; p < sub.cursor.length && p < live.length; p++) {
        byte state = sub.state[p];
        if ((state == Subscription.CATCHUP || state == Subscription.PAUSED) && live[p] > sub.cursor[p]) {
          total[0] += live[p] - sub.cursor[p];
        }
      }
    });
    return total[0];
  }
}
