package io.logcast.gateway.admin;

import io.logcast.session.ClusterBus;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * Every instance's stats, gathered over the cluster bus: a request on {@value #REQUEST_CHANNEL}
 * (its id), and each instance, this one included, answers on {@value #REPLY_CHANNEL} with
 * {@code <id> <stats JSON>}. The bus is fire-and-forget and the number of gateways is not known
 * (Hazelcast members need not be gateways), so answers are collected for a fixed window; an
 * instance that does not answer in time is simply absent from the list.
 */
final class ClusterStats {
  static final String REQUEST_CHANNEL = "admin.stats";
  static final String REPLY_CHANNEL = "admin.stats.reply";
  static final long WINDOW_MS = 750;

  private final ClusterBus bus;
  /** Open requests by id: answers arrive on bus threads and hop to the requester's context. */
  private final Map<String, Pending> pending = new ConcurrentHashMap<>();

  private record Pending(Context caller, JsonArray answers) {}

  /**
   * @param local this instance's stats on a context of its own (the bus listener runs on a bus
   *     thread, which must not touch the loops' state)
   */
  ClusterStats(ClusterBus bus, Supplier<Future<JsonObject>> local) {
    this.bus = bus;
    bus.subscribe(REQUEST_CHANNEL, id -> local.get()
        .onSuccess(stats -> bus.publish(REPLY_CHANNEL, id + " " + stats.encode())));
    bus.subscribe(REPLY_CHANNEL, this::answer);
  }

  /** Completes on {@code caller} after the window with the answers, sorted by node id. */
  Future<JsonArray> gather(Context caller) {
    String id = UUID.randomUUID().toString();
    Pending p = new Pending(caller, new JsonArray());
    pending.put(id, p);
    Promise<JsonArray> done = Promise.promise();
    caller.owner().setTimer(WINDOW_MS, t -> {
      pending.remove(id);
      JsonArray sorted = new JsonArray(p.answers().stream().map(JsonObject.class::cast)
          .sorted((a, b) -> a.getString("node", "").compareTo(b.getString("node", ""))).map(Object.class::cast)
          .toList());
      done.complete(sorted);
    });
    bus.publish(REQUEST_CHANNEL, id);
    return done.future();
  }

  private void answer(String message) {
    int sp = message.indexOf(' ');
    Pending p = sp > 0 ? pending.get(message.substring(0, sp)) : null;
    if (p == null) {
      return; // another instance's request, or one whose window has closed
    }
    JsonObject stats;
    try {
      stats = new JsonObject(message.substring(sp + 1));
    } catch (RuntimeException e) {
      return; // not from a gateway of this version: ignored, never a failed page
    }
    p.caller().runOnContext(v -> p.answers().add(stats));
  }
}
