package io.logcast.gateway.core;

import io.logcast.gateway.auth.OriginPolicy;
import io.logcast.gateway.protocol.CloseCodes;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.VerticleBase;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpServerRequest;
import java.util.ArrayList;
import java.util.List;
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
    // Netty's decoder drops the TCP connection without a close frame past its limit, so it gets
    // twice ours as a hard ceiling and Client answers the band in between with a proper 1009.
    int maxMessage = cfg.limits().maxMessageBytes() * 2;
    HttpServerOptions options = new HttpServerOptions()
        .setHost(cfg.server().host())
        .setPort(cfg.server().port())
        .setWebSocketSubProtocols(List.of(SUBPROTOCOL))
        .setMaxWebSocketFrameSize(maxMessage)
        .setMaxWebSocketMessageSize(maxMessage)
        .setPerMessageWebSocketCompressionSupported(cfg.server().perMessageDeflate())
        .setPerFrameWebSocketCompressionSupported(false)
        .setHttp2ClearTextEnabled(false)
        .setRegisterWebSocketWriteHandlers(false)
        // every request and socket of this server is written from its own event loop; in strict
        // mode Vert.x gives each HTTP connection a direct write path instead of a queue (jctools,
        // 4 KiB), which the connection keeps for as long as an upgraded WebSocket lives
        .setStrictThreadMode(true);
    String wsPath = cfg.server().wsPath();
    OriginPolicy origins = OriginPolicy.forConfig(cfg.auth());
    server = vertx.createHttpServer(options);
    if (cfg.server().perMessageDeflate()) {
      // inflated, a message may be as big as the frame ceiling; past it the socket is closed 1009
      server.connectionHandler(conn -> InflateLimit.bound(conn, maxMessage, options.getWebSocketCompressionLevel()));
    }
    server
        .webSocketHandshakeHandler(hs -> {
          if (!wsPath.equals(hs.path())) {
            hs.reject(404);
          } else if (!origins.allows(hs.headers().get(HttpHeaders.ORIGIN))) {
            hs.reject(403); // before the upgrade: a page from another site never gets a socket
          } else if (svc.hub().draining()) {
            hs.reject(503); // draining: the load balancer sends the client to another instance
          } else {
            var refused = svc.hub().admit(cfg.limits().maxConnections());
            if (refused != null) {
              svc.metrics().limits.rejected(refused, null, String.valueOf(hs.remoteAddress()));
              hs.reject(503); // overload: refuse before the upgrade rather than degrade everyone
            } else {
              hs.accept();
            }
          }
        })
        .webSocketHandler(ws -> new Client(ws, shard, svc).start())
        .requestHandler(routes.apply(vertx));
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
