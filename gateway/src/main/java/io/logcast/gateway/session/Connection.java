package io.logcast.gateway.session;

import io.logcast.gateway.delivery.Client;
import io.logcast.gateway.delivery.Subscription;
import io.logcast.gateway.live.HubShard;
import io.logcast.gateway.metrics.LimitKind;
import io.logcast.gateway.protocol.CloseCode;
import io.logcast.gateway.protocol.Errors;
import io.logcast.gateway.protocol.Frames;
import io.logcast.gateway.protocol.Inbound;
import io.logcast.gateway.protocol.InboundParser;
import io.logcast.gateway.protocol.ProtocolError;
import io.logcast.gateway.protocol.ProtocolException;
import io.logcast.gateway.publish.PublishItem;
import io.logcast.gateway.ws.InflateLimit;
import io.logcast.gateway.ws.Socket;
import io.logcast.gateway.ws.SocketHandler;
import io.netty.handler.codec.http.websocketx.CorruptedWebSocketFrameException;
import io.vertx.core.Context;
import io.vertx.core.json.JsonObject;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One WebSocket connection's protocol side: hello and its session, its requests, limits, heartbeat
 * and close; what it receives goes out through its {@link Client}. On its shard's loop; never blocks.
 */
public final class Connection implements SocketHandler {
  private static final Logger LOG = LoggerFactory.getLogger(Connection.class);

  /** HANDSHAKING: hello received, welcome not yet sent (a resume is being looked up). */
  private enum State { AWAITING_HELLO, HANDSHAKING, OPEN, CLOSED }

  private final Socket socket;
  private final Client out;
  private final HubShard shard;
  private final Connector node;
  private final LocalConnections local;
  private final ClientSubscriptions subscriptions;
  private final SessionHandshake handshake;
  private final ClientAuth auth;
  private final InboundGate gate;
  private final long connectedAtMs = System.currentTimeMillis();
  private final String remote;
  private State state = State.AWAITING_HELLO;
  private long helloTimer = -1;
  private final Liveness liveness;
  /** The code this side closed with; 0 while the gateway has not closed the connection. */
  private int serverCloseCode;

  /** {@code upgradeToken}: a token the upgrade request carried (header or query), or null. */
  Connection(Socket socket, HubShard shard, LocalConnections local, Connector node, String upgradeToken, String remote) {
    this.socket = socket;
    this.shard = shard;
    this.local = local;
    this.node = node;
    this.remote = remote;
    this.out = new Client(socket, shard, node.metrics, shard.frames());
    out.closer(this::close);
    out.onBehind(() -> local.fellBehind(this));
    this.liveness = new Liveness(out, shard, connectedAtMs);
    var limits = node.config.limits();
    this.gate = new InboundGate(this, limits, node.metrics.limits());
    this.subscriptions = new ClientSubscriptions(this, out, shard, node);
    this.handshake = new SessionHandshake(this, node.sessions, node.bus, node.registry, node.connections,
        node.config, node.metrics);
    this.auth = new ClientAuth(this, node.auth, node.config.auth().clockSkewSeconds(), upgradeToken);
  }

  void start() {
    local.add(this);
    node.metrics.opened().increment();
    helloTimer = context().owner().setTimer(node.config.limits().helloTimeoutMs(), t -> {
      if (state == State.AWAITING_HELLO) {
        close(CloseCode.NO_HELLO, "no hello before the auth deadline");
      }
    });
  }

  @Override
  public void onBinary() {
    close(CloseCode.UNSUPPORTED_DATA, "binary frames are not supported");
  }

  @Override
  public void onPong() {
    liveness.seen(System.currentTimeMillis());
  }

  @Override
  public void onTooBig() {
    node.metrics.limits().rejected(LimitKind.MESSAGE_SIZE, principal(), remote);
    close(CloseCode.TOO_BIG, "message larger than " + node.config.limits().maxMessageBytes() + " bytes");
  }

  @Override
  public void onPeerClosing() {
    out.markClosed();
  }

  @Override
  public void onSocketError(Throwable e) {
    if (InflateLimit.isOverflow(e)) {
      node.metrics.limits().rejected(LimitKind.INFLATED_SIZE, principal(), remote);
      close(CloseCode.TOO_BIG, "inflated message larger than the limit");
    } else if (e instanceof CorruptedWebSocketFrameException bad && serverCloseCode == 0) {
      // a protocol error: the Socket answers with its close code (1002, 1007, 1009)
      serverCloseCode = bad.closeStatus().code();
    } else {
      LOG.debug("socket error: {}", e.toString());
    }
  }

  @Override
  public void onText(String text) {
    liveness.seen(System.currentTimeMillis());
    if (state == State.CLOSED) {
      return;
    }
    if (!gate.admit(text)) {
      return;
    }
    if (state == State.HANDSHAKING) {
      gate.hold(text); // admitted now (size, rate), handled after the welcome
      return;
    }
    handle(text);
  }

  private void handle(String text) {
    JsonObject json = null;
    try {
      json = InboundParser.parseObject(text);
      if (state == State.AWAITING_HELLO && !"hello".equals(json.getString("type"))) {
        close(CloseCode.MALFORMED, "the first object must be hello");
        return;
      }
      dispatch(node.parser.parse(json));
    } catch (ProtocolException e) {
      if (state == State.AWAITING_HELLO) {
        close(CloseCode.MALFORMED, "the first object must be a valid hello");
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
      context().owner().cancelTimer(helloTimer);
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
      out.send(Frames.pong());
    } else if (in instanceof Inbound.Refresh r) {
      auth.refresh(r);
    }
  }

  private void publish(Inbound.Publish p) {
    node.publishing
        .publish(auth.principal(), p.topic(), List.of(new PublishItem(p.key(), p.value(), p.headers())),
            p.idempotencyKey(), context())
        .onSuccess(r -> send(Frames.published(p.id(), p.topic(), r.get(0).partition(), r.get(0).offset())))
        .onFailure(e -> sendError(p.id(), Errors.map(e)));
  }

  /** The welcome is out: requests queued meanwhile are handled now, in order. */
  void opened(boolean resumed) {
    if (state != State.HANDSHAKING) {
      return;
    }
    state = State.OPEN;
    ConnectionLog.opened(principal(), remote, resumed);
    String held;
    while (state == State.OPEN && (held = gate.next()) != null) {
      handle(held);
    }
  }

  Liveness liveness() {
    return liveness;
  }

  /** 4009: behind the live stream past the limits; a resume replays the rest from the log. */
  void closeTooSlow() {
    if (state != State.CLOSED && !out.isClosed()) {
      node.metrics.tooSlow().increment();
      close(CloseCode.TOO_SLOW, "too slow to keep up: resume to continue from the log");
    }
  }

  void ackPending() {
    local.ackPending(this);
  }

  public void close(CloseCode code, String reason) {
    if (state != State.CLOSED && !out.isClosed()) {
      serverCloseCode = code.code();
      out.close(code, reason);
    }
  }

  @Override
  public void onClosed() {
    if (state == State.CLOSED) {
      return;
    }
    state = State.CLOSED;
    out.markClosed();
    context().owner().cancelTimer(helloTimer);
    auth.closed();
    subscriptions.closeAll();
    handshake.disconnected();
    local.remove(this);
    ConnectionLog.closed(node.metrics.closes(), serverCloseCode, socket.peerCloseCode(),
        auth.authenticated() ? principal() : null, remote, System.currentTimeMillis() - connectedAtMs);
  }

  void send(JsonObject object) {
    if (state != State.CLOSED) {
      out.send(object);
    }
  }

  void sendError(Long requestId, ProtocolError error) {
    send(error.toJson(requestId));
  }

  Context context() {
    return shard.context();
  }

  /** The verified subject ({@code sub}), or {@code anonymous} with auth.mode none. */
  public String principal() {
    return auth.principal().subject();
  }

  ClientAuth auth() {
    return auth;
  }

  /** True once hello's token was accepted. */
  public boolean authenticated() {
    return auth.authenticated();
  }

  /** When the token expires (epoch ms), or null if it does not. */
  public Long tokenExpiresAtMs() {
    return auth.principal().expires() ? auth.principal().expiresAtMs() : null;
  }

  public long connectedAtMs() {
    return connectedAtMs;
  }

  public String sessionId() {
    return handshake.sessionId();
  }

  long generation() {
    return handshake.generation();
  }

  public boolean isClosed() {
    return state == State.CLOSED;
  }

  String remote() {
    return remote;
  }

  ClientSubscriptions subscriptions() {
    return subscriptions;
  }

  /** The subscriptions this connection holds now. */
  public List<Subscription> subscriptionList() {
    return out.subscriptions();
  }
}
