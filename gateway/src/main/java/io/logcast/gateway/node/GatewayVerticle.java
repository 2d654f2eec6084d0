package io.logcast.gateway.node;

import io.logcast.gateway.catchup.Replay;
import io.logcast.gateway.config.GatewayConfig;
import io.logcast.gateway.live.Hub;
import io.logcast.gateway.live.HubShard;
import io.logcast.gateway.live.LogTail;
import io.logcast.gateway.metrics.GatewayMetrics;
import io.logcast.gateway.protocol.CloseCode;
import io.logcast.gateway.session.Connector;
import io.logcast.gateway.session.LocalConnections;
import io.logcast.gateway.session.Registry;
import io.logcast.gateway.sse.SseEndpoint;
import io.logcast.gateway.sse.SseStreams;
import io.logcast.gateway.ws.Admission;
import io.logcast.gateway.ws.Arrivals;
import io.logcast.gateway.ws.InflateLimit;
import io.logcast.gateway.ws.Upgrade;
import io.logcast.gateway.ws.VertxInternals;
import io.logcast.session.SessionStore;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.VerticleBase;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpServerRequest;
import java.util.function.Function;

/**
 * One per event loop: the public listener (WebSocket endpoint and HTTP API; Vert.x spreads
 * connections over the instances), the {@link HubShard} that feeds its connections, and the
 * periodic work over them (heartbeat, lag check, ack flush).
 */
final class GatewayVerticle extends VerticleBase {
  static final String SUBPROTOCOL = "logcast.v1";
  private static final long ACK_FLUSH_MS = 1_000;
  /** Lag checks, and one slot of the ping wheel (a heartbeat interval is this many passes): the bound on both is this late. */
  private static final long HOUSEKEEPING_MS = 500;

  private final GatewayConfig config;
  private final Hub hub;
  private final Registry registry;
  private final Connector connector;
  private final Admission admission;
  private final LogTail logTail;
  private final Replay replay;
  private final GatewayMetrics metrics;
  private final SessionStore sessions;
  private final Function<Vertx, Handler<HttpServerRequest>> routes;
  private final SseEndpoint.Deps sseDeps;
  private SseStreams streams;
  private LocalConnections local;
  private HttpServer server;

  GatewayVerticle(GatewayConfig config, Hub hub, Registry registry, Connector connector, Admission admission,
      LogTail logTail, Replay replay, GatewayMetrics metrics, SessionStore sessions,
      Function<Vertx, Handler<HttpServerRequest>> routes, SseEndpoint.Deps sseDeps) {
    this.config = config;
    this.hub = hub;
    this.registry = registry;
    this.connector = connector;
    this.admission = admission;
    this.logTail = logTail;
    this.replay = replay;
    this.metrics = metrics;
    this.sessions = sessions;
    this.routes = routes;
    this.sseDeps = sseDeps;
  }

  @Override
  public Future<?> start() {
    HubShard shard = hub.addShard(context, logTail, replay, metrics, config, VertxInternals.afterIo(context));
    local = registry.addLoop(context, (int) Math.max(1, config.limits().heartbeatMs() / HOUSEKEEPING_MS));
    // Netty's decoder refuses a frame past its ceiling before buffering it (Socket closes 1009), so
    // it gets twice our limit and Connection answers the band in between, with the limit's metric.
    int maxMessage = config.limits().maxMessageBytes() * 2;
    HttpServerOptions options = new HttpServerOptions()
        .setHost(config.server().host())
        .setPort(config.server().port())
        // only to have Vert.x put Netty's extension handler in each HTTP/1 pipeline; the upgrade
        // itself is ours (Upgrade), and so are the frame limits
        .setPerMessageWebSocketCompressionSupported(config.server().perMessageDeflate())
        .setPerFrameWebSocketCompressionSupported(false)
        .setHttp2ClearTextEnabled(false)
        // every request of this server is answered from its own event loop; in strict mode Vert.x
        // gives each HTTP connection a direct write path instead of a queue (jctools, 4 KiB)
        .setStrictThreadMode(true);
    String wsPath = config.server().wsPath();
    server = vertx.createHttpServer(options);
    boolean deflate = config.server().perMessageDeflate();
    Arrivals arrivals = new Arrivals(admission, config.limits(), metrics.limits());
    server.connectionHandler(conn -> {
      if (deflate) {
        // inflated, a message may be as big as the frame ceiling; past it the socket is closed 1009
        InflateLimit.bound(conn, maxMessage, options.getWebSocketCompressionLevel());
      }
      // counted, and timed until it is a WebSocket, from its accept
      arrivals.accept(conn);
    });
    Upgrade upgrade = new Upgrade(context, admission, arrivals, connector.opener(shard, local), config.auth(),
        config.limits().maxOutboundBytes(), metrics.limits(), SUBPROTOCOL, maxMessage,
        config.server().perMessageDeflate());
    Handler<HttpServerRequest> api = routes.apply(vertx);
    streams = new SseStreams(context, config.limits());
    SseEndpoint sse = new SseEndpoint(shard, streams, sseDeps);
    server.requestHandler(req -> {
      if (Arrivals.answerRefused(req)) {
        return;
      }
      if (Upgrade.isUpgrade(req, wsPath)) {
        upgrade.handle(req);
      } else if (SseEndpoint.matches(req)) {
        sse.handle(req);
      } else {
        api.handle(req);
      }
    });
    long heartbeat = config.limits().heartbeatMs();
    vertx.setPeriodic(ACK_FLUSH_MS, t -> local.flushAcks(sessions, metrics.storeWrites()));
    vertx.setPeriodic(Math.min(HOUSEKEEPING_MS, heartbeat), t -> local.housekeep(System.currentTimeMillis(), config.limits(), heartbeat));
    return server.listen();
  }

  int actualPort() {
    return server.actualPort();
  }

  /** This loop's event streams (for the drain). */
  SseStreams streams() {
    return streams;
  }

  @Override
  public Future<?> stop() {
    local.closeAll(CloseCode.SERVICE_RESTART, "gateway stopping");
    return server.close();
  }
}
