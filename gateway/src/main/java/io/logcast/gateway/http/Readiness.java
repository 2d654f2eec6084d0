package io.logcast.gateway.http;

import io.logcast.gateway.log.TopicCatalog;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/**
 * Ready = Kafka answers, the live reader makes progress, the session store is joined, the node is
 * not draining. Checked on every
 * {@code /health/ready} and every few seconds in the background, so {@code logcast_ready} (1/0)
 * follows it even where nobody probes (the "no ready instances" alert reads it).
 */
final class Readiness {
  private static final long PROBE_TIMEOUT_MS = 2_000;
  static final long REFRESH_MS = 5_000;

  private final Vertx vertx;
  private final TopicCatalog catalog;
  private final BooleanSupplier sessionsJoined;
  /** Why the live stream is not moving, or null. */
  private final Supplier<String> liveTailStall;
  private volatile boolean draining;
  private volatile boolean ready;
  /** The body of the last check, for the admin view: it reads this instead of probing Kafka again. */
  private volatile JsonObject last = new JsonObject().put("status", "UNKNOWN");

  Readiness(Vertx vertx, TopicCatalog catalog, BooleanSupplier sessionsJoined, Supplier<String> liveTailStall,
      MeterRegistry registry) {
    this.vertx = vertx;
    this.catalog = catalog;
    this.sessionsJoined = sessionsJoined;
    this.liveTailStall = liveTailStall;
    Gauge.builder("logcast.ready", this, r -> r.ready ? 1 : 0)
        .description("1 while this instance is ready (Kafka reachable, session store joined, not draining)")
        .register(registry);
  }

  void draining(boolean value) {
    draining = value;
    if (value) {
      ready = false;
      // the admin view shows the drain at once, not at the next check
      JsonObject body = last.copy().put("status", "DOWN");
      body.put("checks", body.getJsonObject("checks", new JsonObject()).copy().put("draining", true));
      last = body;
    }
  }

  /** The checks as the JSON body of /health/ready; {@code status} is UP only if all pass. */
  Future<JsonObject> check() {
    return catalog.ping(vertx.getOrCreateContext())
        .timeout(PROBE_TIMEOUT_MS, TimeUnit.MILLISECONDS)
        .transform(ar -> {
          boolean kafka = ar.succeeded();
          boolean sessions = sessionsJoined.getAsBoolean();
          String stall = liveTailStall.get();
          boolean up = kafka && stall == null && sessions && !draining;
          ready = up;
          JsonObject checks = new JsonObject()
              .put("kafka", kafka ? "UP" : "DOWN")
              .put("liveTail", stall == null ? "UP" : "DOWN")
              .put("sessionStore", sessions ? "UP" : "DOWN")
              .put("draining", draining);
          JsonObject body = new JsonObject().put("status", up ? "UP" : "DOWN").put("checks", checks);
          if (stall != null) {
            body.put("reason", stall);
          }
          last = body.copy().put("checkedAt", System.currentTimeMillis());
          return Future.succeededFuture(body);
        });
  }

  /** The last check's body with its {@code checkedAt} (epoch ms); at most {@link #REFRESH_MS} old once listening. */
  JsonObject last() {
    return last;
  }

  void refreshPeriodically() {
    check();
    vertx.setPeriodic(REFRESH_MS, t -> check());
  }
}
