package io.logcast.gateway.core;

import io.logcast.gateway.protocol.CloseCodes;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.VerticleBase;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpServerRequest;
import java.util.ArrayList;
import java.util.function.Function;

/**
 * One per event loop: the public listener (WebSocket endpoint and HTTP API; Vert.x spreads
 * connections over the instances) and the {@link HubShard} its connections live in.
 */
final class GatewayVerticle extends VerticleBase {
  static final String SUBPROTOCOL = "logcast.v1";
  private static final long ACK_FLUSH_MS = 1_000;
  private static final long LAG_CHECK_MS = 500;

  private final Services svc;
  private final LogTail logTail;
  private final Replay replay;
  private final Function<Vertx, Handler<HttpServerRequest>> routes;
  private HubShard shard;
  private HttpServer server;

  GatewayVerticle(Services svc, LogTail logTail, Replay replay, Function<Vertx, Handler<HttpServerRequest>> routes) {
    this.svc = svc;
    this.logTail = logTail;
    this.replay = replay;
    this.routes = routes;
  }

  @Override
  public Future<?> start() {
    shard = svc.hub().addShard(context, logTail, replay, svc.metrics(), svc.config());
    var cfg = svc.config();
    // Netty's decoder refuses a frame past its ceiling before buffering it (Socket closes 1009), so
    // it gets twice our limit and Client answers the band in between, with the limit's metric.
    int maxMessage = cfg.limits().maxMessageBytes() * 2;
    HttpServerOptions options = new HttpServerOptions()
        .setHost(cfg.server().host())
        .setPort(cfg.server().port())
        // only to have Vert.x put Netty's extension handler in each HTTP/1 pipeline; the upgrade
        // itself is ours (Upgrade), and so are the frame limits
        .setPerMessageWebSocketCompressionSupported(cfg.server().perMessageDeflate())
        .setPerFrameWebSocketCompressionSupported(false)
        .setHttp2ClearTextEnabled(false)
        // every request of this server is answered from its own event loop; in strict mode Vert.x
        // gives each HTTP connection a direct write path instead of a queue (jctools, 4 KiB)
        .setStrictThreadMode(true);
    String wsPath = cfg.server().wsPath();
    server = vertx.createHttpServer(options);
    if (cfg.server().perMessageDeflate()) {
      // inflated, a message may be as big as the frame ceiling; past it the socket is closed 1009
      server.connectionHandler(conn -> InflateLimit.bound(conn, maxMessage, options.getWebSocketCompressionLevel()));
    }
    Upgrade upgrade = new Upgrade(shard, svc, SUBPROTOCOL, maxMessage, cfg.server().perMessageDeflate());
    Handler<HttpServerRequest> api = routes.apply(vertx);
    server.requestHandler(req -> {
      if (Upgrade.isUpgrade(req, wsPath)) {
        upgrade.handle(req);
      } else {
        api.handle(req);
      }
    });
    long heartbeat = cfg.limits().heartbeatMs();
    vertx.setPeriodic(heartbeat, t -> {
      long now = System.currentTimeMillis();
      new ArrayList<>(shard.clients()).forEach(c -> c.tick(now, heartbeat));
    });
    vertx.setPeriodic(ACK_FLUSH_MS, t -> shard.flushAcks(svc.sessions()));
    vertx.setPeriodic(LAG_CHECK_MS, t -> {
      long now = System.currentTimeMillis();
      new ArrayList<>(shard.clients()).forEach(c -> c.checkLag(now, cfg.limits()));
    });
    return server.listen();
  }

  int actualPort() {
    return server.actualPort();
  }

  @Override
  public Future<?> stop() {
    new ArrayList<>(shard.clients()).forEach(c -> c.close(CloseCodes.SERVICE_RESTART, "gateway stopping"));
    return server.close();
  }
}
