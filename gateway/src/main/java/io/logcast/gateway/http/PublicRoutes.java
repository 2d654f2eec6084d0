package io.logcast.gateway.http;

import io.logcast.gateway.protocol.HttpErrors;

import io.logcast.gateway.auth.Authenticator;
import io.logcast.gateway.config.LimitsConfig;
import io.logcast.gateway.history.HistoryService;
import io.logcast.gateway.publish.PublishService;
import io.logcast.gateway.metrics.LimitKind;
import io.logcast.gateway.metrics.LimitRecorder;
import io.logcast.gateway.protocol.Names;
import io.vertx.core.Vertx;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.handler.BodyHandler;
import io.vertx.ext.web.handler.StaticHandler;

/**
 * The HTTP side of the public port: the publish and history APIs, the SDK, the demo page in dev mode, JSON
 * errors elsewhere. Not the admin API: it is on the management port only, which an ingress does
 * not expose (see {@link ManagementServer}).
 */
public final class PublicRoutes {
  private final PublishApi publish;
  private final HistoryApi history;
  private final LimitsConfig limits;
  private final boolean demoPage;

  private final LimitRecorder limitRecorder;

  public PublicRoutes(PublishService publishing, HistoryService history, Names names, LimitsConfig limits,
      boolean demoPage, Authenticator auth, LimitRecorder limitRecorder) {
    this.limitRecorder = limitRecorder;
    this.publish = new PublishApi(publishing, names, limits, auth, limitRecorder);
    this.history = new HistoryApi(history, names, auth, limitRecorder);
    this.limits = limits;
    this.demoPage = demoPage;
  }

  public Router router(Vertx vertx) {
    Router router = Router.router(vertx);
    // a client that left mid-request (a body cut short, its deadline passed): nothing to answer, no
    // error to log; otherwise the router logs each one, which a client could do at will
    router.route().failureHandler(ctx -> {
      if (!(ctx.failure() instanceof io.vertx.core.http.HttpClosedException)) {
        ctx.next();
      }
    });
    router.post("/v1/topics/:topic/messages")
        .handler(BodyHandler.create(false).setBodyLimit(limits.maxHttpBodyBytes()))
        .handler(publish::handle);
    router.get("/v1/topics/:topic/messages").handler(history::handle);
    // The browser SDK (client-js/src, copied into the jar by the build), in every mode, so apps can
    // import it from the gateway they talk to. CORS: a module script from another origin needs it.
    router.get("/sdk/*")
        .handler(ctx -> {
          ctx.response().putHeader("Access-Control-Allow-Origin", "*");
          ctx.next();
        })
        .handler(StaticHandler.create("webroot/sdk").setCachingEnabled(!demoPage).setMaxAgeSeconds(300));
    if (demoPage) {
      router.get("/*").handler(StaticHandler.create("webroot").setCachingEnabled(false));
    }
    router.route().last().handler(ctx -> HttpErrors.send(ctx.response(), HttpErrors.forStatus(404)));
    router.errorHandler(413, ctx -> {
      limitRecorder.rejected(LimitKind.HTTP_BODY, null, String.valueOf(ctx.request().remoteAddress()));
      HttpErrors.send(ctx.response(), 413, HttpErrors.forStatus(413));
    });
    router.errorHandler(400, ctx -> HttpErrors.send(ctx.response(), 400, HttpErrors.forStatus(400)));
    router.errorHandler(405, ctx -> HttpErrors.send(ctx.response(), 405, HttpErrors.forStatus(405)));
    router.errorHandler(500, ctx -> HttpErrors.send(ctx.response(), 500, HttpErrors.forStatus(500)));
    return router;
  }
}
