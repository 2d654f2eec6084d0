package io.logcast.gateway.http;

import io.logcast.gateway.core.TopicCatalog;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/**
 * Ready = Kafka answers, the session store is joined, the node is not draining. Checked on every
 * {@code /health/ready} and every few seconds in the background, so {@code logcast_ready} (1/0)
 * follows it even where nobody probes (the "no ready instances" alert reads it).
 */
final class Readiness {
  private static final long PROBE_TIMEOUT_MS = 2_000;
  static final long REFRESH_MS = 5_000;

  private final Vertx vertx;
  private final TopicCatalog catalog;
  private final BooleanSupplier sessionsJoined;
  private volatile boolean draining;
  private volatile boolean ready;

  Readiness(Vertx vertx, TopicCatalog catalog, BooleanSupplier sessionsJoined, MeterRegistry registry) {
    this.vertx = vertx;
    this.catalog = catalog;
    this.sessionsJoined = sessionsJoined;
    Gauge.builder("logcast.ready", this, r -> r.ready ? 1 : 0)
        .description("1 while this instance is ready (Kafka reachable, session store joined, not draining)")
        .register(registry);
  }

  void draining(boolean value) {
    draining = value;
    if (value) {
      ready = false;
    }
  }

  /** The checks as the JSON body of /health/ready; {@code status} is UP only if all pass. */
  Future<JsonObject> check() {
    return catalog.ping(vertx.getOrCreateContext())
        .timeout(PROBE_TIMEOUT_MS, TimeUnit.MILLISECONDS)
        .transform(ar -> {
          boolean kafka = ar.succeeded();
          boolean sessions = sessionsJoined.getAsBoolean();
          boolean up = kafka && sessions && !draining;
          ready = up;
          JsonObject checks = new JsonObject()
              .put("kafka", kafka ? "UP" : "DOWN")
              .put("sessionStore", sessions ? "UP" : "DOWN")
              .put("draining", draining);
          return Future.succeededFuture(new JsonObject().put("status", up ? "UP" : "DOWN").put("checks", checks));
        });
  }

  void refreshPeriodically() {
    check();
    vertx.setPeriodic(REFRESH_MS, t -> check());
  }
}
