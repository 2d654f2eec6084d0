package io.logcast.gateway.http;

import io.logcast.gateway.protocol.HttpErrors;

import io.logcast.gateway.admin.AdminService;
import io.logcast.gateway.auth.AdminGuard;
import io.logcast.gateway.log.TopicCatalog;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.StaticHandler;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/**
 * The management port, apart from the public one: {@code /metrics} (Prometheus),
 * {@code /health/live}, {@code /health/ready} (see {@link Readiness}), and the admin page at
 * {@code /admin/} with the admin API it calls ({@code /v1/admin/...}, the same guard as on the
 * public port).
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

  public Future<Void> listen(String host, int port, AdminService admin, AdminGuard guard) {
    Router router = Router.router(vertx);
    new AdminApi(admin, guard).mount(router);
    router.get("/admin/*").handler(AdminPage::toDirectory).handler(AdminPage::secureHeaders)
        .handler(StaticHandler.create(AdminPage.WEBROOT).setMaxAgeSeconds(60));
    // scraping walks every meter: a worker thread, not the event loop the listener runs on
    router.get("/metrics").handler(ctx -> vertx.executeBlocking(registry::scrape, false)
        .onSuccess(text -> ctx.response()
            .putHeader("content-type", "text/plain; version=0.0.4; charset=utf-8")
            .end(text))
        .onFailure(ctx::fail));
    router.get("/health/live").handler(ctx -> json(ctx, 200, new JsonObject().put("status", "UP")));
    router.get("/health/ready").handler(this::ready);
    router.route().last().handler(ctx -> HttpErrors.send(ctx.response(), HttpErrors.forStatus(404)));
    for (int status : new int[] {400, 405, 500}) {
      router.errorHandler(status, ctx -> HttpErrors.send(ctx.response(), status, HttpErrors.forStatus(status)));
    }
    server = vertx.createHttpServer().requestHandler(router);
    return server.listen(port, host).onSuccess(s -> readiness.refreshPeriodically()).mapEmpty();
  }

  public int port() {
    return server == null ? -1 : server.actualPort();
  }

  /** The last readiness check's body (refreshed every few seconds), for the admin view. */
  public JsonObject readiness() {
    return readiness.last();
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
