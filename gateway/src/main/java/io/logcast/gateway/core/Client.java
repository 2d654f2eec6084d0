package io.logcast.gateway.core;

import io.logcast.gateway.metrics.CloseMeters;
import io.logcast.gateway.metrics.LimitKind;
import io.logcast.gateway.protocol.CloseCodes;
import io.logcast.gateway.protocol.Errors;
import io.logcast.gateway.protocol.Frames;
import io.logcast.gateway.protocol.Inbound;
import io.logcast.gateway.protocol.InboundParser;
import io.logcast.gateway.protocol.ProtocolError;
import io.logcast.gateway.protocol.ProtocolException;
import io.netty.handler.codec.http.websocketx.CorruptedWebSocketFrameException;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One WebSocket connection: its protocol state, its session and its subscriptions. Lives on its
 * shard's event loop; nothing here blocks.
 */
final class Client {
  private static final Logger LOG = LoggerFactory.getLogger(Client.class);
  /** Connect and close lines: one logger, so operators can turn them down on their own. */
  private static final Logger CONNECTIONS = LoggerFactory.getLogger("io.logcast.connections");

  /** HANDSHAKING: hello received, welcome not yet sent (a resume is being looked up). */
  private enum State { AWAITING_HELLO, HANDSHAKING, OPEN, CLOSED }

  /** Objects a client may send before its welcome arrives; they are handled right after it. */
  private static final int MAX_EARLY_OBJECTS = 64;

  private final Socket socket;
  private final Transport transport;
  private final HubShard shard;
  private final Services svc;
  private final ClientSubscriptions subscriptions;
  private final SessionHandshake handshake;
  private State state = State.AWAITING_HELLO;
  private long helloTimer = -1;
  private long lastSeenMs = System.currentTimeMillis();
  private boolean congested;
  /** When this client last fell behind the live stream (its socket filled); 0 while live. */
  private long behindSinceMs;
  private final java.util.ArrayDeque<String> early = new java.util.ArrayDeque<>();
  private final TokenBucket inbound;
  /** Objects dropped in a row by the inbound limit. */
  private int dropped;
  private final ClientAuth auth;
  private final long connectedAtMs = System.currentTimeMillis();
  private final String remote;
  /** The code this side closed with; 0 while the gateway has not closed the connection. */
  private short serverCloseCode;

  /** {@code upgradeToken}: a token the upgrade request carried (header or query), or null. */
  Client(Socket socket, HubShard shard, Services svc, String upgradeToken, String remote) {
    this.socket = socket;
    this.shard = shard;
    this.svc = svc;
    var limits = svc.config().limits();
    this.transport = new Transport(socket, svc.metrics(), shard.frames());
    this.subscriptions = new ClientSubscriptions(this, svc);
    this.inbound = new TokenBucket(limits.inboundPerSecond(), limits.inboundBurst());
    this.handshake = new SessionHandshake(this, svc);
    this.auth = new ClientAuth(this, svc, upgradeToken);
    this.remote = remote;
  }

  void start() {
    shard.add(this);
    svc.metrics().opened.increment();
    helloTimer = shard.context().owner().setTimer(svc.config().limits().helloTimeoutMs(), t -> {
      if (state == State.AWAITING_HELLO) {
        close(CloseCodes.NO_HELLO, "no hello before the auth deadline");
      }
    });
  }

  void onBinary() {
    close(CloseCodes.UNSUPPORTED_DATA, "binary frames are not supported");
  }

  void onPong() {
    lastSeenMs = System.currentTimeMillis();
  }

  /** A message arrived in fragments past the frame ceiling (twice the limit), refused unassembled. */
  void onTooBig() {
    svc.metrics().limits.rejected(LimitKind.MESSAGE_SIZE, principal(), remote);
    close(CloseCodes.TOO_BIG, "message larger than " + svc.config().limits().maxMessageBytes() + " bytes");
  }

  /** The close handshake has begun (the peer's close, or a protocol error): nothing more is written. */
  void onPeerClosing() {
    transport.markClosed();
  }

  void onSocketError(Throwable e) {
    if (InflateLimit.isOverflow(e)) {
      svc.metrics().limits.rejected(LimitKind.INFLATED_SIZE, principal(), remote);
      close(CloseCodes.TOO_BIG, "inflated message larger than the limit");
    } else if (e instanceof CorruptedWebSocketFrameException bad && serverCloseCode == 0) {
      // a protocol error: the Socket answers with its close code (1002, 1007, 1009)
      serverCloseCode = (short) bad.closeStatus().code();
    } else {
      LOG.debug("socket error: {}", e.toString());
    }
  }

  void onText(String text) {
    lastSeenMs = System.currentTimeMillis();
    if (state == State.CLOSED) {
      return;
    }
    if (state == State.HANDSHAKING) {
      if (early.size() >= MAX_EARLY_OBJECTS) {
        svc.metrics().limits.rejected(LimitKind.RATE, principal(), remote);
        close(CloseCodes.RATE_LIMITED, "too many objects before welcome");
      } else {
        early.add(text);
      }
      return;
    }
    if (!inbound.tryTake()) {
      rateLimited();
      return;
    }
    dropped = 0;
    int max = svc.config().limits().maxMessageBytes();
    if (text.length() > max || (text.length() * 3L > max && utf8Length(text) > max)) {
      svc.metrics().limits.rejected(LimitKind.MESSAGE_SIZE, principal(), remote);
      close(CloseCodes.TOO_BIG, "message larger than " + max + " bytes");
      return;
    }
    JsonObject json = null;
    try {
      json = InboundParser.parseObject(text);
      if (state == State.AWAITING_HELLO && !"hello".equals(json.getString("type"))) {
        close(CloseCodes.MALFORMED, "the first object must be hello");
        return;
      }
      dispatch(svc.parser().parse(json));
    } catch (ProtocolException e) {
      if (state == State.AWAITING_HELLO) {
        close(CloseCodes.MALFORMED, "the first object must be a valid hello");
      } else {
        sendError(InboundParser.requestId(json), e.error());
      }
    }
  }

  private void dispatch(Inbound in) {
    if (in instanceof Inbound.Hello h) {
      if (state != State.AWAITING_HELLO) {
        throw ProtocolError.badRequest("hello was already received").exception();
      }
      state = State.HANDSHAKING;
      shard.context().owner().cancelTimer(helloTimer);
      // auth first: a resume compares the stored principal with the one the token proves
      auth.hello(h.token()).onSuccess(v -> handshake.hello(h));
    } else if (in instanceof Inbound.Subscribe s) {
      subscriptions.subscribe(s.id(), s.topic(), s.key(), s.from());
    } else if (in instanceof Inbound.Unsubscribe u) {
      subscriptions.unsubscribe(u);
    } else if (in instanceof Inbound.Ack a) {
      subscriptions.ack(a);
    } else if (in instanceof Inbound.Publish p) {
      publish(p);
    } else if (in instanceof Inbound.Ping) {
      transport.send(Frames.pong());
    } else if (in instanceof Inbound.Refresh r) {
      auth.refresh(r);
    }
  }

  private void publish(Inbound.Publish p) {
    svc.publishing()
        .publish(auth.principal(), p.topic(), List.of(new PublishItem(p.key(), p.value(), p.headers())),
            p.idempotencyKey(), shard.context())
        .onSuccess(r -> send(Frames.published(p.id(), p.topic(), r.get(0).partition(), r.get(0).offset())))
        .onFailure(e -> sendError(p.id(), Errors.map(e)));
  }

  /**
   * Over the inbound rate: the object is dropped. The first drop of a run answers rate_limited (one
   * error, not one per object, so a flood cannot make the server write a flood); a run longer
   * than the burst closes with 4008.
   */
  private void rateLimited() {
    dropped++;
    svc.metrics().limits.rejected(LimitKind.RATE, principal(), remote);
    var limits = svc.config().limits();
    if (dropped == 1) {
      sendError(null, new ProtocolError(io.logcast.gateway.protocol.ErrorCode.RATE_LIMITED,
          "more than " + limits.inboundPerSecond() + " objects per second: slow down"));
    } else if (dropped > limits.inboundBurst()) {
      close(CloseCodes.RATE_LIMITED, "inbound rate limit");
    }
  }

  static int utf8Length(String s) {
    int n = 0;
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c < 0x80) {
        n++;
      } else if (c < 0x800) {
        n += 2;
      } else if (Character.isHighSurrogate(c)) {
        n += 4;
        i++;
      } else {
        n += 3;
      }
    }
    return n;
  }

  /** The welcome is out: requests queued meanwhile are handled now, in order. */
  void opened(boolean resumed) {
    if (state != State.HANDSHAKING) {
      return;
    }
    state = State.OPEN;
    CONNECTIONS.atInfo().setMessage("connection opened")
        .addKeyValue("event", "connect")
        .addKeyValue("principal", principal())
        .addKeyValue("remote", remote)
        .addKeyValue("resumed", resumed)
        .log();
    while (!early.isEmpty() && state == State.OPEN) {
      onText(early.poll());
    }
  }

  // --- used by the shard and the helpers of this connection

  HubShard shard() {
    return shard;
  }

  /** The verified subject ({@code sub}), or {@code anonymous} with auth.mode none. */
  String principal() {
    return auth.principal().subject();
  }

  ClientAuth auth() {
    return auth;
  }

  long connectedAtMs() {
    return connectedAtMs;
  }

  String sessionId() {
    return handshake.sessionId();
  }

  long generation() {
    return handshake.generation();
  }

  boolean isClosed() {
    return state == State.CLOSED;
  }

  ClientSubscriptions subscriptions() {
    return subscriptions;
  }

  void forEachSubscription(Consumer<Subscription> action) {
    subscriptions.forEach(action);
  }

  /** An encoded object (byte[]) or a shared {@link Segment}. */
  void enqueue(Object item) {
    if (transport.enqueue(item)) {
      shard.markDirty(this);
    }
  }

  void flush() {
    transport.flush();
    if (!congested && transport.congested()) {
      congested = true;
      shard.congested(this);
      transport.whenWritable(() -> {
        congested = false;
        shard.drained(this);
      });
    }
  }

  boolean congested() {
    return congested;
  }

  /** The socket filled: the client is now behind the live stream, served from the log. */
  void markBehind(long nowMs) {
    if (behindSinceMs == 0) {
      behindSinceMs = nowMs;
    }
  }

  /** Called when a partition goes live: the clock stops once every partition is live again. */
  void maybeCaughtUp() {
    if (behindSinceMs == 0) {
      return;
    }
    boolean[] allLive = {true};
    forEachSubscription(sub -> {
      for (byte state : sub.state) {
        allLive[0] &= state == Subscription.LIVE;
      }
    });
    if (allLive[0]) {
      behindSinceMs = 0;
    }
  }

  /** Behind for longer or further than the limits: close 4009; on resume the client replays from the log. */
  void checkLag(long nowMs, io.logcast.gateway.config.LimitsConfig limits) {
    if (behindSinceMs != 0 && state != State.CLOSED && !transport.isClosed()
        && Lag.tooFar(this, behindSinceMs, nowMs, limits)) {
      shard.metrics().tooSlow.increment();
      close(CloseCodes.TOO_SLOW, "too slow to keep up: resume to continue from the log");
    }
  }

  void send(JsonObject object) {
    if (state != State.CLOSED) {
      transport.send(object);
    }
  }

  void sendError(Long requestId, ProtocolError error) {
    send(error.toJson(requestId));
  }

  /** Heartbeat: ping, or close a peer silent for two intervals. */
  void tick(long nowMs, long heartbeatMs) {
    if (nowMs - lastSeenMs > 2 * heartbeatMs) {
      close(CloseCodes.GOING_AWAY, "heartbeat timeout");
    } else {
      transport.ping();
    }
  }

  void close(short code, String reason) {
    if (state != State.CLOSED && !transport.isClosed()) {
      serverCloseCode = code;
      transport.close(code, reason);
    }
  }

  String remote() {
    return remote;
  }

  void onClosed() {
    if (state == State.CLOSED) {
      return;
    }
    state = State.CLOSED;
    transport.markClosed();
    shard.context().owner().cancelTimer(helloTimer);
    auth.closed();
    subscriptions.closeAll();
    handshake.disconnected();
    shard.remove(this);
    closedMeters();
  }

  /** Counts the close by code and by side, and logs it: never a token nor a message body. */
  private void closedMeters() {
    boolean byServer = serverCloseCode != 0;
    short peer = socket.peerCloseCode();
    int code = byServer ? serverCloseCode : peer == 0 ? CloseMeters.ABNORMAL : peer;
    svc.metrics().closes.closed(code, byServer);
    CONNECTIONS.atInfo().setMessage("connection closed")
        .addKeyValue("event", "close")
        .addKeyValue("principal", auth.authenticated() ? principal() : null)
        .addKeyValue("remote", remote)
        .addKeyValue("code", code)
        .addKeyValue("by", byServer ? "server" : "client")
        .addKeyValue("durationMs", System.currentTimeMillis() - connectedAtMs)
        .log();
  }
}
