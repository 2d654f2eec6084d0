package io.logcast.gateway.ws;


import io.logcast.gateway.config.OriginPolicy;
import io.logcast.gateway.auth.TokenSource;
import io.logcast.gateway.protocol.HttpErrors;
import io.logcast.gateway.protocol.ErrorCode;
import io.logcast.gateway.protocol.ProtocolError;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelPipeline;
import io.netty.handler.codec.http.DefaultFullHttpRequest;
import io.netty.handler.codec.http.DefaultHttpHeaders;
import io.netty.handler.codec.http.EmptyHttpHeaders;
import io.netty.handler.codec.http.HttpContentDecompressor;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.websocketx.Utf8FrameValidator;
import io.netty.handler.codec.http.websocketx.WebSocketDecoderConfig;
import io.netty.handler.codec.http.websocketx.WebSocketServerHandshakeException;
import io.netty.handler.codec.http.websocketx.WebSocketServerHandshaker;
import io.netty.handler.codec.http.websocketx.WebSocketServerHandshaker13;
import io.netty.handler.stream.ChunkedWriteHandler;
import io.logcast.gateway.config.AuthConfig;
import io.logcast.gateway.metrics.LimitRecorder;
import io.vertx.core.Context;
import io.vertx.core.Handler;
import io.vertx.core.http.HttpServerRequest;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The WebSocket upgrade, done on the request's Netty channel rather than through Vert.x's
 * WebSocket API: checks (path, origin, drain, admission), Netty's handshake, then the channel's
 * Vert.x handler is replaced by a {@link Socket}. Vert.x's HTTP/1 connection, request and response
 * become unreachable with it, which is most of what an idle Vert.x WebSocket holds (see
 * docs/benchmarks.md, "Connections").
 *
 * <p>Refusals are JSON error objects with the HTTP status: 403 for a page from another origin, 503
 * while draining or past the connect rate, 426 for a WebSocket version other than 13, 400 for a
 * malformed upgrade. The socket counts were judged at its accept ({@link Arrivals}).
 */
public final class Upgrade implements Handler<HttpServerRequest> {
  /** Makes the connection that serves an upgraded socket. */
  public interface Opener {
    /** {@code token}: one the upgrade request carried (header or query), or null. */
    SocketHandler open(Socket socket, String token, String remote);
  }

  /** Vert.x's name for its connection handler, the last of an HTTP/1 channel's pipeline. */
  private static final String VERTX_HANDLER = "handler";
  private static final String UTF8_VALIDATOR = "utf8";
  private static final Logger LOG = LoggerFactory.getLogger(Upgrade.class);
  private static final String RFC_6455_VERSION = "13";

  private final VertxInternals.Dispatcher context;
  private final Admission admission;
  private final Arrivals arrivals;
  private final Opener opener;
  private final AuthConfig auth;
  private final int maxOutboundBytes;
  private final LimitRecorder limits;
  private final OriginPolicy origins;
  private final String subprotocol;
  private final WebSocketDecoderConfig decoding;
  private final int maxMessageBytes;

  /** {@code maxMessageBytes}: the frame and assembled-message ceiling (twice the protocol's limit). */
  public Upgrade(Context context, Admission admission, Arrivals arrivals, Opener opener, AuthConfig auth,
      int maxOutboundBytes, LimitRecorder limits, String subprotocol, int maxMessageBytes, boolean deflate) {
    this.context = VertxInternals.dispatcher(context);
    this.admission = admission;
    this.arrivals = arrivals;
    this.opener = opener;
    this.auth = auth;
    this.maxOutboundBytes = maxOutboundBytes;
    this.limits = limits;
    this.origins = OriginPolicy.forConfig(auth);
    this.maxMessageBytes = maxMessageBytes;
    this.subprotocol = subprotocol;
    this.decoding = WebSocketDecoderConfig.newBuilder()
        .maxFramePayloadLength(maxMessageBytes)
        .allowExtensions(deflate)
        .expectMaskedFrames(true)
        .allowMaskMismatch(false)
        // the decoder sits below the encoder: its own close frame would bypass it, so Socket sends it
        .closeOnProtocolViolation(false)
        .build();
  }

  /** True for a request this handles: a WebSocket upgrade on the endpoint's path. */
  public static boolean isUpgrade(HttpServerRequest req, String path) {
    String upgrade = req.getHeader(HttpHeaderNames.UPGRADE);
    return upgrade != null && upgrade.equalsIgnoreCase("websocket") && path.equals(req.path());
  }

  @Override
  public void handle(HttpServerRequest req) {
    if (!RFC_6455_VERSION.equals(req.getHeader(HttpHeaderNames.SEC_WEBSOCKET_VERSION))) {
      // Netty would also speak the drafts (7, 8) and hixie-76 (no version); nothing current does
      req.response().putHeader(HttpHeaderNames.SEC_WEBSOCKET_VERSION, RFC_6455_VERSION);
      HttpErrors.send(req.response(), 426, ProtocolError.badRequest("unsupported WebSocket version; this server speaks 13"));
      return;
    }
    Channel channel = VertxInternals.channel(req.connection());
    if (channel == null) {
      HttpErrors.send(req.response(), ProtocolError.badRequest("WebSocket upgrades need HTTP/1.1"));
      return;
    }
    if (channel.pipeline().get(VERTX_HANDLER) == null) {
      // a Vert.x whose pipeline is laid out differently: refuse rather than half-upgrade
      LOG.error("cannot take over the upgraded connection: no '{}' handler in its pipeline", VERTX_HANDLER);
      HttpErrors.send(req.response(), 500, new ProtocolError(ErrorCode.INTERNAL, "internal error"));
      return;
    }
    ProtocolError malformed = malformed(req);
    if (malformed != null) {
      HttpErrors.send(req.response(), malformed);
      return;
    }
    ProtocolError refused = refusal(req);
    if (refused != null) {
      HttpErrors.send(req.response(), refused);
      return;
    }
    String token = TokenSource.fromUpgrade(req.headers(), req.query(), auth.queryParamToken());
    String remote = String.valueOf(req.remoteAddress());
    // the upgrade request is complete (and its body, which it should not have, read) before the switch
    req.handler(body -> { });
    req.endHandler(v -> upgrade(req, channel, token, remote));
  }

  /** What Netty's handshake would reject, checked while an HTTP answer is still possible; or null. */
  private static ProtocolError malformed(HttpServerRequest req) {
    if (req.method() != io.vertx.core.http.HttpMethod.GET) {
      return ProtocolError.badRequest("a WebSocket upgrade is a GET");
    }
    String connection = req.getHeader(HttpHeaderNames.CONNECTION);
    if (connection == null || !connection.toLowerCase(java.util.Locale.ROOT).contains("upgrade")) {
      return ProtocolError.badRequest("a WebSocket upgrade needs Connection: Upgrade");
    }
    if (req.getHeader(HttpHeaderNames.SEC_WEBSOCKET_KEY) == null) {
      return ProtocolError.badRequest("a WebSocket upgrade needs Sec-WebSocket-Key");
    }
    return null;
  }

  /** Why the request is refused before any handshake, or null. */
  private ProtocolError refusal(HttpServerRequest req) {
    if (!origins.allows(req.getHeader(HttpHeaderNames.ORIGIN))) {
      // before the upgrade: a page from another site never gets a socket
      return ProtocolError.forbidden("origin not allowed");
    }
    if (admission.draining()) {
      // the load balancer sends the client to another instance
      return ProtocolError.unavailable("this instance is draining; connect again");
    }
    var limited = admission.admit();
    if (limited != null) {
      // overload: refuse before the upgrade rather than degrade everyone
      limits.rejected(limited, null, String.valueOf(req.remoteAddress()));
      return ProtocolError.unavailable("too many connections; connect again later");
    }
    return null;
  }

  private void upgrade(HttpServerRequest req, Channel channel, String token, String remote) {
    if (!channel.isActive()) {
      return;
    }
    ChannelPipeline pipeline = channel.pipeline();
    // from here the hello deadline (limits.helloTimeoutMs) bounds the socket, not the HTTP ones
    HttpDeadlines.remove(pipeline);
    // the Socket goes in before the handshake: frames a client sends with its upgrade request
    // (it should wait for the 101) reach it, not Vert.x's connection, which would keep them
    Socket socket = new Socket(channel, context, maxMessageBytes, maxOutboundBytes);
    pipeline.addBefore(VERTX_HANDLER, UTF8_VALIDATOR, new Utf8FrameValidator(false));
    pipeline.replace(VERTX_HANDLER, VERTX_HANDLER, socket);
    try {
      // version 13 checked in handle(); the URL only matters to the pre-RFC hixie-76 handshake
      WebSocketServerHandshaker handshaker = new WebSocketServerHandshaker13("ws://logcast/", subprotocol, decoding);
      handshaker.handshake(channel, nettyRequest(req), null, channel.newPromise());
    } catch (WebSocketServerHandshakeException e) {
      // checked in malformed(): only a request Netty reads differently gets here, and Vert.x's
      // HTTP handler is already gone, so there is no HTTP answer left to give
      LOG.debug("upgrade refused by the handshake: {}", e.getMessage());
      channel.close();
      return;
    }
    // HTTP-only handlers would sit in every frame's path for nothing
    removeIfPresent(pipeline, ChunkedWriteHandler.class);
    removeIfPresent(pipeline, HttpContentDecompressor.class);
    channel.config().setAutoRead(true);
    if (!channel.isActive()) {
      return;
    }
    socket.attach(arrivals.upgraded(channel, opener.open(socket, token, remote)));
  }

  private static void removeIfPresent(ChannelPipeline pipeline, Class<? extends io.netty.channel.ChannelHandler> type) {
    if (pipeline.get(type) != null) {
      pipeline.remove(type);
    }
  }

  /** The request as Netty's handshaker reads it: only the line and the headers matter. */
  private static DefaultFullHttpRequest nettyRequest(HttpServerRequest req) {
    HttpHeaders headers;
    if (req.headers() instanceof HttpHeaders netty) {
      headers = netty;
    } else {
      headers = new DefaultHttpHeaders();
      for (Map.Entry<String, String> e : req.headers()) {
        headers.add(e.getKey(), e.getValue());
      }
    }
    return new DefaultFullHttpRequest(HttpVersion.HTTP_1_1, HttpMethod.valueOf(req.method().name()), req.uri(),
        Unpooled.EMPTY_BUFFER, headers, EmptyHttpHeaders.INSTANCE);
  }
}
