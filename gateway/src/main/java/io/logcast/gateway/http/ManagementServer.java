package io.logcast.gateway.http;

import io.logcast.gateway.protocol.HttpErrors;

import io.logcast.gateway.log.TopicCatalog;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/**
 * The management port, apart from the public one: {@code /metrics} (Prometheus),
 * {@code /health/live}, {@code /health/ready} (see {@link Readiness}).
 */
public final class ManagementServer {
  private final Vertx vertx;
  private final PrometheusMeterRegistry registry;
  private final Readiness readiness;
  private HttpServer server;

  public ManagementServer(Vertx vertx, PrometheusMeterRegistry registry, TopicCatalog catalog,
      BooleanSupplier sessionsJoined, Supplier<String> liveTailStall) {
    this.vertx = vertx;
    this.registry = registry;
    this.readiness = new Readiness(vertx, catalog, sessionsJoined, liveTailStall, registry);
  }

  public Future<Void> listen(String host, int port) {
    Router router = Router.router(vertx);
    // scraping walks every meter: a worker thread, not the event loop the listener runs on
    router.get("/metrics").handler(ctx -> vertx.executeBlocking(registry::scrape, false)
        .onSuccess(text -> ctx.response()
            .putHeader("content-type", "text/plain; version=0.0.4; charset=utf-8")
            .end(text))
        .onFailure(ctx::fail));
    router.get("/health/live").handler(ctx -> json(ctx, 200, new JsonObject().put("status", "UP")));
    router.get("/health/ready").handler(this::ready);
    router.route().last().handler(ctx -> HttpErrors.send(ctx.response(), HttpErrors.forStatus(404)));
    server = vertx.createHttpServer().requestHandler(router);
    return server.listen(port, host).onSuccess(s -> readiness.refreshPeriodically()).mapEmpty();
  }

  public int port() {
    return server == null ? -1 : server.actualPort();
  }

  public void draining(boolean value) {
    readiness.draining(value);
  }

  private void ready(RoutingContext ctx) {
    readiness.check().onSuccess(body -> json(ctx, "UP".equals(body.getString("status")) ? 200 : 503, body));
  }

  private static void json(RoutingContext ctx, int status, JsonObject body) {
    ctx.response().setStatusCode(status).putHeader("content-type", "application/json").end(body.encode());
  }
}
