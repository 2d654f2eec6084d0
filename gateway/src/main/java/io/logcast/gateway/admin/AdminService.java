package io.logcast.gateway.admin;

import io.logcast.gateway.catchup.Replay;
import io.logcast.gateway.session.Connection;
import io.logcast.gateway.session.LocalConnections;
import io.logcast.gateway.session.Registry;
import io.logcast.gateway.live.Hub;
import io.logcast.gateway.live.HubShard;

import io.logcast.gateway.protocol.CloseCode;
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
  private final Registry sessions;
  private final Replay replay;
  private final String nodeId;
  private final ClusterBus bus;

  public AdminService(Hub hub, Registry sessions, Replay replay, String nodeId, ClusterBus bus) {
    this.hub = hub;
    this.sessions = sessions;
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
    return perLoop(local -> {
      JsonArray out = new JsonArray();
      for (Connection c : local.snapshot()) {
        if (isOf(c, subject)) {
          JsonArray subs = new JsonArray();
          c.subscriptionList().forEach(s -> subs.add(s.key() == null ? new JsonObject().put("topic", s.topic())
              : new JsonObject().put("topic", s.topic()).put("key", s.key())));
          out.add(new JsonObject().put("session", c.sessionId()).put("node", nodeId)
              .put("connectedAt", c.connectedAtMs()).put("tokenExpiresAt", c.tokenExpiresAtMs())
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
    return perLoop(local -> closeOn(local, subject), caller).map(counts -> {
      bus.publish(DISCONNECT_CHANNEL, subject);
      return counts.stream().mapToInt(Integer::intValue).sum();
    });
  }

  /** This instance: connections, principals, subscriptions per topic, catch-up readers. */
  public Future<JsonObject> stats(Context caller) {
    Future<List<ShardStats>> byLoop = perLoop(local -> {
      Set<String> principals = new HashSet<>();
      local.snapshot().forEach(c -> principals.add(c.principal()));
      return new ShardStats(local.size(), principals, Map.of());
    }, caller);
    Future<List<ShardStats>> byShard = perShard(shard -> new ShardStats(0, Set.of(), shard.topicStats()), caller);
    return Future.all(byLoop, byShard).map(both -> {
      List<ShardStats> parts = new ArrayList<>(byLoop.result());
      parts.addAll(byShard.result());
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
    for (LocalConnections local : sessions.loops()) {
      local.context().runOnContext(v -> closeOn(local, subject));
    }
  }

  private static int closeOn(LocalConnections local, String subject) {
    int n = 0;
    for (Connection c : local.snapshot()) {
      if (isOf(c, subject) && !c.isClosed()) {
        c.close(CloseCode.FORBIDDEN, "disconnected by an administrator");
        n++;
      }
    }
    return n;
  }

  private static boolean isOf(Connection c, String subject) {
    return c.authenticated() && c.principal().equals(subject);
  }

  private <T> Future<List<T>> perShard(Function<HubShard, T> f, Context caller) {
    return onEach(hub.shards(), HubShard::context, f, caller);
  }

  private <T> Future<List<T>> perLoop(Function<LocalConnections, T> f, Context caller) {
    return onEach(sessions.loops(), LocalConnections::context, f, caller);
  }

  /** Runs {@code f} for each part on its own loop; the list of answers completes on {@code caller}. */
  private static <P, T> Future<List<T>> onEach(List<P> each, Function<P, Context> loop, Function<P, T> f,
      Context caller) {
    List<Future<T>> parts = new ArrayList<>();
    for (P part : each) {
      Promise<T> p = Promise.promise();
      loop.apply(part).runOnContext(v -> {
        try {
          T r = f.apply(part);
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
