package io.logcast.gateway.ws;

import io.logcast.gateway.config.EdgeConfig;
import io.logcast.gateway.config.LimitsConfig;
import io.logcast.gateway.metrics.LimitKind;
import io.logcast.gateway.metrics.LimitRecorder;
import io.logcast.gateway.protocol.ErrorCode;
import io.logcast.gateway.protocol.HttpErrors;
import io.logcast.gateway.protocol.ProtocolError;
import io.netty.channel.Channel;
import io.netty.util.AttributeKey;
import io.vertx.core.http.HttpConnection;
import io.vertx.core.http.HttpServerRequest;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Every socket the public port accepts, from its accept: counted by {@link Admission} until it
 * closes, given its HTTP deadlines ({@link HttpDeadlines}), and, when a limit refuses it, kept just
 * long enough to answer its first request with the status and an error object. One per event loop.
 */
public final class Arrivals {
  /** A refused socket's time to send the request its answer is for. */
  static final long REFUSED_GRACE_MS = 2_000;
  /** After the 4012 close at the hello deadline, the client's time to answer it. */
  static final long HELLO_CLOSE_GRACE_MS = 1_000;
  private static final AttributeKey<Admission.Arrival> ARRIVAL = AttributeKey.valueOf("logcast.arrival");
  private static final Logger LOG = LoggerFactory.getLogger(Arrivals.class);

  private final Admission admission;
  private final EdgeConfig edge;
  private final long helloTimeoutMs;
  private final LimitRecorder limits;

  public Arrivals(Admission admission, LimitsConfig config, LimitRecorder limits) {
    this.admission = admission;
    this.edge = config.edge();
    this.helloTimeoutMs = config.helloTimeoutMs();
    this.limits = limits;
  }

  /** The server's connection handler: runs on the connection's event loop before its first read. */
  public void accept(HttpConnection conn) {
    Channel channel = VertxInternals.channel(conn);
    if (channel == null) {
      conn.close(); // HTTP/2 is off: every connection of this server is HTTP/1
      return;
    }
    InetAddress peer = channel.remoteAddress() instanceof InetSocketAddress a ? a.getAddress() : null;
    String remote = peer == null ? null : peer.getHostAddress();
    Admission.Arrival arrival = admission.arrive(peer);
    channel.attr(ARRIVAL).set(arrival);
    channel.closeFuture().addListener(f -> arrival.leave());
    LimitKind refused = arrival.refused();
    if (refused != null) {
      limits.rejected(refused, null, remote);
      if (arrival.dropAtOnce()) {
        channel.close(); // no room left even to answer
        return;
      }
    }
    long headerMs = refused == null ? edge.requestHeaderTimeoutMs() : Math.min(REFUSED_GRACE_MS, edge.requestHeaderTimeoutMs());
    Runnable slow = refused == null ? () -> limits.rejected(LimitKind.REQUEST_TIMEOUT, null, remote) : () -> { };
    if (!HttpDeadlines.install(channel, headerMs, edge.requestBodyTimeoutMs(), edge.httpIdleTimeoutMs(), slow,
        arrival)) {
      // a Vert.x whose pipeline is laid out differently: refuse rather than serve without deadlines
      LOG.error("cannot bound the request time on this connection (Vert.x pipeline changed); closing it");
      channel.close();
    }
  }

  /**
   * True if the request's socket was refused at its accept: it is answered (503 past
   * limits.maxConnections, 429 past a per-address limit) and its connection closed.
   */
  public static boolean answerRefused(HttpServerRequest req) {
    Channel channel = VertxInternals.channel(req.connection());
    Admission.Arrival arrival = channel == null ? null : channel.attr(ARRIVAL).get();
    if (arrival == null || arrival.refused() == null) {
      return false;
    }
    ProtocolError error = arrival.refused() == LimitKind.CONNECTIONS
        ? ProtocolError.unavailable("too many connections; connect again later")
        : new ProtocolError(ErrorCode.RATE_LIMITED, "too many connections from this address; connect again later");
    req.response().putHeader("Connection", "close").endHandler(v -> req.connection().close());
    HttpErrors.send(req.response(), error);
    return true;
  }

  /**
   * At the upgrade: {@code handler}, which also takes the socket out of its address's pending ones
   * at its first message (the hello: anything else closes it). Without one the connection closes
   * 4012 at limits.helloTimeoutMs; a client that does not answer that close either is dropped a
   * little later, not after the closing handshake's 10 s.
   */
  SocketHandler upgraded(Channel channel, SocketHandler handler) {
    Admission.Arrival arrival = channel.attr(ARRIVAL).get();
    if (arrival == null) {
      return handler;
    }
    arrival.waiting(); // pending again until its hello
    ScheduledFuture<?> drop = channel.eventLoop().schedule(() -> channel.close(), helloTimeoutMs + HELLO_CLOSE_GRACE_MS,
        TimeUnit.MILLISECONDS);
    return new FirstMessage(handler, () -> {
      drop.cancel(false);
      arrival.busy();
    });
  }
}
