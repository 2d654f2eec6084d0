package io.logcast.gateway.core;

import io.logcast.gateway.metrics.LimitKind;
import io.vertx.core.Context;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Fans the live stream out to the shards through their {@link Inbox}es (a task per event loop takes
 * every batch that arrived while the loop was busy), and
 * knows which local connection holds which session.
 */
public final class Hub implements LogTail.Sink {
  private final List<HubShard> shards = new CopyOnWriteArrayList<>();
  private final Map<String, Client> holders = new ConcurrentHashMap<>();
  private volatile boolean draining;
  private volatile TokenBucket connects;

  HubShard addShard(Context context, LogTail logTail, Replay replay, GatewayMetrics metrics,
      io.logcast.gateway.config.GatewayConfig config) {
    var limits = config.limits();
    HubShard shard = new HubShard(context, logTail, replay, metrics, limits.maxCoalescedFrameBytes(),
        limits.maxWriteDutyPercent());
    shard.keepRecent(config.replay().memoryBytes() / config.server().eventLoops(), limits.maxOutboundBytes());
    shards.add(shard);
    return shard;
  }

  @Override
  public void onLive(String topic, long[] positions) {
    for (HubShard s : shards) {
      s.post(() -> s.onLive(topic, positions));
    }
  }

  @Override
  public void onBatch(List<PartitionBatch> batch) {
    for (HubShard s : shards) {
      s.post(batch);
    }
  }

  @Override
  public void onDropped(String topic) {
    for (HubShard s : shards) {
      s.post(() -> s.onDropped(topic));
    }
  }

  /** Records that {@code client} now holds {@code session}; returns the local connection that held it. */
  Client hold(String session, Client client) {
    return holders.put(session, client);
  }

  void release(String session, Client client) {
    holders.remove(session, client);
  }

  /** Another connection (maybe on another instance) took {@code session} at {@code generation}. */
  void onTakeover(String session, long generation) {
    Client holder = holders.get(session);
    if (holder != null && holder.generation() < generation) {
      holder.shard().context().runOnContext(v ->
          holder.close(io.logcast.gateway.protocol.CloseCodes.SESSION_TAKEN_OVER, "session resumed on another connection"));
    }
  }

  void forEachHeld(java.util.function.BiConsumer<String, Client> action) {
    holders.forEach(action);
  }

  List<HubShard> shards() {
    return shards;
  }

  /** Admission control: null if a new connection is allowed, else the limit that refuses it. */
  LimitKind admit(int maxConnections) {
    if (connections() >= maxConnections) {
      return LimitKind.CONNECTIONS;
    }
    return connects.tryTake() ? null : LimitKind.CONNECT_RATE;
  }

  void connectRate(int perSecond) {
    connects = new TokenBucket(perSecond, perSecond);
  }

  boolean draining() {
    return draining;
  }

  void draining(boolean value) {
    draining = value;
  }

  public int connections() {
    int n = 0;
    for (HubShard s : shards) {
      n += s.clients().size();
    }
    return n;
  }
}
