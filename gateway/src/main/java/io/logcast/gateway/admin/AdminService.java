package io.logcast.gateway.admin;

import io.logcast.gateway.catchup.Replay;
import io.logcast.gateway.live.Hub;
import io.logcast.gateway.protocol.CloseCode;
import io.logcast.gateway.protocol.ProtocolError;
import io.logcast.gateway.session.Connection;
import io.logcast.gateway.session.LocalConnections;
import io.logcast.gateway.session.Registry;
import io.logcast.session.ClusterBus;
import io.logcast.session.LocalClusterBus;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * What the admin API sees and does. Connections live on their shards' event loops, so every query
 * runs on each loop and the answers hop back to the caller's context. Disconnects and drains go to
 * every instance over the cluster bus (channels {@value #DISCONNECT_CHANNEL}, {@value #DRAIN_CHANNEL});
 * the cluster view is gathered over it too ({@link ClusterStats}).
 */
public final class AdminService {
  public static final String DISCONNECT_CHANNEL = "admin.disconnect";
  public static final String DRAIN_CHANNEL = "admin.drain";

  private final Registry sessions;
  private final String nodeId;
  private final ClusterBus bus;
  private final InstanceStats stats;
  private final ClusterStats cluster;
  private final Supplier<Future<Void>> drain;

  public AdminService(Hub hub, Registry sessions, Replay replay, String nodeId, ClusterBus bus, NodeHooks hooks) {
    this.sessions = sessions;
    this.nodeId = nodeId;
    this.bus = bus;
    this.stats = new InstanceStats(hub, sessions, replay, nodeId, hooks);
    this.drain = hooks.drain();
    this.cluster = new ClusterStats(bus, this::statsForBus);
    // every instance, this one included, closes its own connections of the principal
    bus.subscribe(DISCONNECT_CHANNEL, this::closeLocal);
    bus.subscribe(DRAIN_CHANNEL, node -> {
      if (nodeId.equals(node)) {
        drainHere();
      }
    });
  }

  /** {@code instance} when the bus reaches this process only (sessions in memory), else {@code cluster}. */
  public String scope() {
    return bus instanceof LocalClusterBus ? "instance" : "cluster";
  }

  public String nodeId() {
    return nodeId;
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

  /** This instance: readiness, connections, subscriptions per topic, replay pool, delivery, lag, closes. */
  public Future<JsonObject> stats(Context caller) {
    return stats.read(caller);
  }

  /** Every instance that answers within {@link ClusterStats#WINDOW_MS}; this one alone with the memory store. */
  public Future<JsonObject> cluster(Context caller) {
    Future<JsonArray> instances = scope().equals("instance")
        ? stats(caller).map(s -> new JsonArray().add(s)) : cluster.gather(caller);
    return instances.map(list -> new JsonObject().put("scope", scope()).put("node", nodeId)
        .put("instances", list));
  }

  /**
   * Drains {@code node} like SIGTERM does, without stopping it: readiness goes false, new
   * connections are refused, clients are closed with 1012 over the drain window. Another instance
   * is reached over the bus, once it is seen in the cluster view. Fails with {@code not_found} for
   * an unknown node.
   */
  public Future<Void> drain(String node, Context caller) {
    if (nodeId.equals(node)) {
      drainHere();
      return Future.succeededFuture();
    }
    return cluster(caller).compose(view -> {
      boolean known = view.getJsonArray("instances").stream()
          .anyMatch(i -> node.equals(((JsonObject) i).getString("node")));
      if (!known) {
        return Future.failedFuture(ProtocolError.notFound("no gateway instance '" + node + "' answered").exception());
      }
      bus.publish(DRAIN_CHANNEL, node);
      return Future.succeededFuture();
    });
  }

  private void drainHere() {
    drain.get(); // runs on its own: the caller does not wait for the drain window
  }

  /** This instance's stats for a request that came over the bus (on a bus thread): on the first loop. */
  private Future<JsonObject> statsForBus() {
    List<LocalConnections> loops = sessions.loops();
    return loops.isEmpty() ? Future.failedFuture("not started yet") : stats(loops.get(0).context());
  }

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

  private <T> Future<List<T>> perLoop(Function<LocalConnections, T> f, Context caller) {
    return Loops.onEach(sessions.loops(), LocalConnections::context, f, caller);
  }
}
