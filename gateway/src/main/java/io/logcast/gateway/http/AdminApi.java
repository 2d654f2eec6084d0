package io.logcast.gateway.http;

import io.logcast.gateway.protocol.HttpErrors;

import io.logcast.gateway.auth.AdminGuard;
import io.logcast.gateway.auth.TokenSource;
import io.logcast.gateway.admin.AdminService;
import io.logcast.gateway.protocol.Errors;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code /v1/admin/...}, for a token with the admin claim or the admin key: a principal's sessions
 * on this instance, disconnecting a principal everywhere, this instance's stats, the cluster view
 * and draining an instance. Mounted on the public port and on the management port (where the
 * admin page calls it from its own origin), behind the same guard on both.
 */
final class AdminApi {
  private static final Logger LOG = LoggerFactory.getLogger(AdminApi.class);
  static final String PREFIX = "/v1/admin";

  private final AdminService admin;
  private final AdminGuard guard;

  AdminApi(AdminService admin, AdminGuard guard) {
    this.admin = admin;
    this.guard = guard;
  }

  void mount(Router router) {
    router.route(PREFIX + "/*").handler(this::authorize);
    router.get(PREFIX + "/principals/:sub/sessions").handler(ctx -> admin.sessions(ctx.pathParam("sub"), context(ctx))
        .onSuccess(list -> json(ctx, 200, new JsonObject().put("principal", ctx.pathParam("sub"))
            .put("sessions", list)))
        .onFailure(e -> HttpErrors.send(ctx.response(), Errors.map(e))));
    router.post(PREFIX + "/principals/:sub/disconnect").handler(this::disconnect);
    router.get(PREFIX + "/stats").handler(ctx -> admin.stats(context(ctx))
        .onSuccess(stats -> json(ctx, 200, stats))
        .onFailure(e -> HttpErrors.send(ctx.response(), Errors.map(e))));
    router.get(PREFIX + "/cluster").handler(ctx -> admin.cluster(context(ctx))
        .onSuccess(view -> json(ctx, 200, view))
        .onFailure(e -> HttpErrors.send(ctx.response(), Errors.map(e))));
    router.post(PREFIX + "/instances/:node/drain").handler(this::drain);
  }

  private void drain(RoutingContext ctx) {
    String node = ctx.pathParam("node");
    admin.drain(node, context(ctx)).onSuccess(v -> {
      LOG.info("admin {} drained instance '{}'", ctx.<String>get("admin"), node);
      json(ctx, 202, new JsonObject().put("node", node).put("draining", true));
    }).onFailure(e -> HttpErrors.send(ctx.response(), Errors.map(e)));
  }

  /** 401 without valid credentials, 403 with a valid token that is not an admin's. */
  private void authorize(RoutingContext ctx) {
    var req = ctx.request();
    Future.fromCompletionStage(guard.check(req.getHeader(AdminGuard.ADMIN_KEY_HEADER),
            req.getHeader(TokenSource.AUTHORIZATION)), context(ctx))
        .onSuccess(who -> {
          ctx.put("admin", who);
          ctx.next();
        })
        .onFailure(e -> HttpErrors.send(ctx.response(), Errors.map(e)));
  }

  private void disconnect(RoutingContext ctx) {
    String sub = ctx.pathParam("sub");
    admin.disconnect(sub, context(ctx)).onSuccess(closed -> {
      // an audit line: who disconnected whom (subjects are not secrets; tokens never appear)
      LOG.info("admin {} disconnected principal '{}' ({} connection(s) on this instance)", ctx.<String>get("admin"),
          sub, closed);
      json(ctx, 200, new JsonObject().put("principal", sub).put("closedHere", closed).put("scope", admin.scope()));
    }).onFailure(e -> HttpErrors.send(ctx.response(), Errors.map(e)));
  }

  private static Context context(RoutingContext ctx) {
    return ctx.vertx().getOrCreateContext();
  }

  private static void json(RoutingContext ctx, int status, JsonObject body) {
    ctx.response().setStatusCode(status).putHeader("content-type", "application/json").end(body.encode());
  }
}
