package io.logcast.gateway.http;

import io.logcast.gateway.core.TopicCatalog;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.function.BooleanSupplier;

/** The management port: {@code /metrics} (Prometheus), {@code /health/live}, {@code /health/ready}. */
public final class ManagementServer {
  private static final long READY_PROBE_TIMEOUT_MS = 2_000;

  private final Vertx vertx;
  private final PrometheusMeterRegistry registry;
  private final TopicCatalog catalog;
  private final BooleanSupplier sessionsJoined;
  private HttpServer server;
  private volatile boolean draining;

  public ManagementServer(Vertx vertx, PrometheusMeterRegistry registry, TopicCatalog catalog,
      BooleanSupplier sessionsJoined) {
    this.vertx = vertx;
    this.registry = registry;
    this.catalog = catalog;
    this.sessionsJoined = sessionsJoined;
  }

  public Future<Void> listen(String host, int port) {
    Router router = Router.router(vertx);
    router.get("/metrics").handler(ctx -> ctx.response()
        .putHeader("content-type", "text/plain; version=0.0.4; charset=utf-8")
        .end(registry.scrape()));
    router.get("/health/live").handler(ctx -> json(ctx, 200, new JsonObject().put("status", "UP")));
    router.get("/health/ready").handler(this::ready);
    router.route().last().handler(ctx -> HttpErrors.send(ctx.response(), HttpErrors.forStatus(404)));
    server = vertx.createHttpServer().requestHandler(router);
    return server.listen(port, host).mapEmpty();
  }

  public int port() {
    return server == null ? -1 : server.actualPort();
  }

  public void draining(boolean value) {
    draining = value;
  }

  private void ready(RoutingContext ctx) {
    catalog.ping(vertx.getOrCreateContext())
        .timeout(READY_PROBE_TIMEOUT_MS, java.util.concurrent.TimeUnit.MILLISECONDS)
        .onComplete(ar -> {
          boolean kafka = ar.succeeded();
          boolean sessions = sessionsJoined.getAsBoolean();
          JsonObject checks = new JsonObject()
              .put("kafka", kafka ? "UP" : "DOWN")
              .put("sessionStore", sessions ? "UP" : "DOWN")
              .put("draining", draining);
          boolean up = kafka && sessions && !draining;
          json(ctx, up ? 200 : 503, new JsonObject().put("status", up ? "UP" : "DOWN").put("checks", checks));
        });
  }

  private static void json(RoutingContext ctx, int status, JsonObject body) {
    ctx.response().setStatusCode(status).putHeader("content-type", "application/json").end(body.encode());
  }
}
