package io.logcast.gateway.core;

import io.logcast.gateway.protocol.CloseCodes;
import io.logcast.session.ClusterBus;
import io.logcast.session.LocalClusterBus;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Function;

/**
 * What the admin API sees and does. Connections live on their shards' event loops, so every query
 * runs on each shard's own loop and the answers hop back to the caller's context. Disconnects go
 * to every instance over the cluster bus (channel {@value #DISCONNECT_CHANNEL}).
 */
public final class AdminService {
  public static final String DISCONNECT_CHANNEL = "admin.disconnect";

  private final Hub hub;
  private final Replay replay;
  private final String nodeId;
  private final ClusterBus bus;

  AdminService(Hub hub, Replay replay, String nodeId, ClusterBus bus) {
    this.hub = hub;
    this.replay = replay;
    this.nodeId = nodeId;
    this.bus = bus;
    // every instance, this one included, closes its own connections of the principal
    bus.subscribe(DISCONNECT_CHANNEL, this::closeLocal);
  }

  /** {@code instance} when the bus reaches this process only (sessions in memory), else {@code cluster}. */
  public String scope() {
    return bus instanceof LocalClusterBus ? "instance" : "cluster";
  }

  /** This instance's authenticated connections of {@code subject}. */
  public Future<JsonArray> sessions(String subject, Context caller) {
    return perShard(shard -> {
      JsonArray out = new JsonArray();
      for (Client c : shard.clients()) {
        if (isOf(c, subject)) {
          JsonArray subs = new JsonArray();
          c.forEachSubscription(s -> subs.add(s.key == null ? new JsonObject().put("topic", s.topic)
              : new JsonObject().put("topic", s.topic).put("key", s.key)));
          var p = c.auth().principal();
          out.add(new JsonObject().put("session", c.sessionId()).put("node", nodeId)
              .put("connectedAt", c.connectedAtMs()).put("tokenExpiresAt", p.expires() ? p.expiresAtMs() : null)
              .put("subscriptions", subs));
        }
      }
      return out;
    }, caller).map(parts -> {
      JsonArray all = new JsonArray();
      parts.forEach(all::addAll);
      return all;
    });
  }

  /**
   * Closes {@code subject}'s connections here (4003) and asks every other instance to do the same.
   * Completes with how many were closed on this instance.
   */
  public Future<Integer> disconnect(String subject, Context caller) {
    return perShard(shard -> closeOn(shard, subject), caller).map(counts -> {
      bus.publish(DISCONNECT_CHANNEL, subject);
      return counts.stream().mapToInt(Integer::intValue).sum();
    });
  }

  /** This instance: connections, principals, subscriptions per topic, catch-up readers. */
  public Future<JsonObject> stats(Context caller) {
    return perShard(shard -> {
      Set<String> principals = new HashSet<>();
      shard.clients().forEach(c -> principals.add(c.principal()));
      Map<String, int[]> topics = new TreeMap<>();
      shard.topics().forEach((name, ts) -> topics.put(name, new int[] {ts.subscriptions, ts.all.size(),
          ts.livePos == null ? 0 : 1}));
      return new ShardStats(shard.clients().size(), principals, topics);
    }, caller).map(parts -> {
      Set<String> principals = new HashSet<>();
      Map<String, int[]> topics = new TreeMap<>();
      int connections = 0;
      for (ShardStats s : parts) {
        connections += s.connections;
        principals.addAll(s.principals);
        s.topics.forEach((t, v) -> topics.merge(t, v, (a, b) -> new int[] {a[0] + b[0], a[1] + b[1], a[2] | b[2]}));
      }
      JsonObject perTopic = new JsonObject();
      int subscriptions = 0;
      for (var e : topics.entrySet()) {
        int[] v = e.getValue();
        subscriptions += v[0];
        perTopic.put(e.getKey(), new JsonObject().put("subscriptions", v[0]).put("wholeTopic", v[1])
            .put("keyed", v[0] - v[1]).put("live", v[2] == 1));
      }
      return new JsonObject().put("node", nodeId).put("connections", connections)
          .put("principals", principals.size()).put("subscriptions", subscriptions).put("topics", perTopic)
          .put("replay", new JsonObject().put("busy", replay.busy()).put("queued", replay.queued()));
    });
  }

  private record ShardStats(int connections, Set<String> principals, Map<String, int[]> topics) {}

  private void closeLocal(String subject) {
    for (HubShard shard : hub.shards()) {
      shard.context().runOnContext(v -> closeOn(shard, subject));
    }
  }

  private static int closeOn(HubShard shard, String subject) {
    int n = 0;
    for (Client c : new ArrayList<>(shard.clients())) {
      if (isOf(c, subject) && !c.isClosed()) {
        c.close(CloseCodes.FORBIDDEN, "disconnected by an administrator");
        n++;
      }
    }
    return n;
  }

  private static boolean isOf(Client c, String subject) {
    return c.auth().authenticated() && c.principal().equals(subject);
  }

  /** Runs {@code f} on every shard's loop; the list of answers completes on {@code caller}. */
  private <T> Future<List<T>> perShard(Function<HubShard, T> f, Context caller) {
    List<Future<T>> parts = new ArrayList<>();
    for (HubShard shard : hub.shards()) {
      Promise<T> p = Promise.promise();
      shard.context().runOnContext(v -> {
        try {
          T r = f.apply(shard);
          caller.runOnContext(x -> p.complete(r));
        } catch (RuntimeException e) {
          caller.runOnContext(x -> p.fail(e));
        }
      });
      parts.add(p.future());
    }
    return Future.all(parts).map(all -> parts.stream().map(Future::result).toList());
  }
}
