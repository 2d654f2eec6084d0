package io.logcast.gateway.http;

import io.logcast.gateway.config.LimitsConfig;
import io.logcast.gateway.core.PublishService;
import io.logcast.gateway.protocol.Names;
import io.vertx.core.Vertx;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.handler.BodyHandler;
import io.vertx.ext.web.handler.StaticHandler;

/** The HTTP side of the public port: the publish API, the demo page in dev mode, JSON errors elsewhere. */
public final class PublicRoutes {
  private final PublishApi publish;
  private final LimitsConfig limits;
  private final boolean demoPage;

  public PublicRoutes(PublishService publishing, Names names, LimitsConfig limits, boolean demoPage) {
    this.publish = new PublishApi(publishing, names, limits);
    this.limits = limits;
    this.demoPage = demoPage;
  }

  public Router router(Vertx vertx) {
    Router router = Router.router(vertx);
    router.post("/v1/topics/:topic/messages")
        .handler(BodyHandler.create(false).setBodyLimit(limits.maxHttpBodyBytes()))
        .handler(publish::handle);
    if (demoPage) {
      router.get("/*").handler(StaticHandler.create("webroot").setCachingEnabled(false));
    }
    router.route().last().handler(ctx -> HttpErrors.send(ctx.response(), HttpErrors.forStatus(404)));
    router.errorHandler(413, ctx -> HttpErrors.send(ctx.response(), 413, HttpErrors.forStatus(413)));
    router.errorHandler(400, ctx -> HttpErrors.send(ctx.response(), 400, HttpErrors.forStatus(400)));
    router.errorHandler(405, ctx -> HttpErrors.send(ctx.response(), 405, HttpErrors.forStatus(405)));
    router.errorHandler(500, ctx -> HttpErrors.send(ctx.response(), 500, HttpErrors.forStatus(500)));
    return router;
  }
}
