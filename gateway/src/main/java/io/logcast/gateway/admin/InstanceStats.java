package io.logcast.gateway.admin;

import io.logcast.gateway.catchup.Replay;
import io.logcast.gateway.live.Hub;
import io.logcast.gateway.live.HubShard;
import io.logcast.gateway.session.LocalConnections;
import io.logcast.gateway.session.Registry;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Supplier;

/**
 * One instance's view for the admin API: readiness, connections, principals, subscriptions per
 * topic, catch-up pool, delivery totals, lag and closes by code. Counts come from each loop and
 * shard on its own event loop; the rest from the meters. Nothing here names a session or a secret.
 */
final class InstanceStats {
  private final Hub hub;
  private final Registry sessions;
  private final Replay replay;
  private final String nodeId;
  private final MeterRegistry meters;
  private final Supplier<JsonObject> readiness;

  InstanceStats(Hub hub, Registry sessions, Replay replay, String nodeId, NodeHooks hooks) {
    this.hub = hub;
    this.sessions = sessions;
    this.replay = replay;
    this.nodeId = nodeId;
    this.meters = hooks.registry();
    this.readiness = hooks.readiness();
  }

  Future<JsonObject> read(Context caller) {
    Future<List<Set<String>>> byLoop = Loops.onEach(sessions.loops(), LocalConnections::context, local -> {
      Set<String> principals = new HashSet<>();
      local.snapshot().forEach(c -> principals.add(c.principal()));
      return principals;
    }, caller);
    Future<List<Map<String, int[]>>> byShard = Loops.onEach(hub.shards(), HubShard::context, HubShard::topicStats,
        caller);
    return Future.all(byLoop, byShard).map(both -> {
      Set<String> principals = new HashSet<>();
      byLoop.result().forEach(principals::addAll);
      Map<String, int[]> topics = new TreeMap<>();
      // per topic: subscriptions, whole-topic ones, 1 if read live (see HubShard.topicStats)
      byShard.result().forEach(m -> m.forEach((t, v) -> topics.merge(t, v,
          (a, b) -> new int[] {a[0] + b[0], a[1] + b[1], a[2] | b[2]})));
      return render(principals.size(), topics);
    });
  }

  private JsonObject render(int principals, Map<String, int[]> topics) {
    JsonObject perTopic = new JsonObject();
    int subscriptions = 0;
    for (var e : topics.entrySet()) {
      int[] v = e.getValue();
      subscriptions += v[0];
      perTopic.put(e.getKey(), new JsonObject().put("subscriptions", v[0]).put("wholeTopic", v[1])
          .put("keyed", v[0] - v[1]).put("live", v[2] == 1));
    }
    return new JsonObject().put("node", nodeId).put("at", System.currentTimeMillis())
        .put("ready", readiness.get())
        .put("connections", sessions.connections()).put("principals", principals)
        .put("subscriptions", subscriptions).put("topics", perTopic)
        .put("replay", new JsonObject().put("readers", MeterReadings.replayReaders(meters))
            .put("busy", replay.busy()).put("queued", replay.queued()))
        .put("delivery", MeterReadings.delivery(meters))
        .put("lag", MeterReadings.lag(meters))
        .put("closes", MeterReadings.closes(meters));
  }
}
