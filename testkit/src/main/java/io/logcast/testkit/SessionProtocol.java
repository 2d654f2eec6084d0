package io.logcast.testkit;

import io.logcast.testkit.ResumingClient.Settings;
import io.vertx.core.Vertx;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketConnectOptions;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.Map;

/**
 * The protocol state machine of a {@link ResumingClient}, over its {@link ReconnectingSocket}:
 * hello (resuming the session after the first welcome), welcome, subscribe, messages, gaps,
 * errors, and periodic acks. What it receives goes to {@link Deliveries}, how it went to
 * {@link ClientStats}.
 *
 * <p>Its state is guarded by the client's monitor: the socket calls it under that lock, once per
 * frame, and its own timers take it. So the client's getters see one consistent state from any
 * thread.
 */
final class SessionProtocol {
  private final Object lock;
  private final Vertx vertx;
  private final Settings settings;
  private final Deliveries deliveries;
  private final ClientStats stats;
  private final ReconnectingSocket socket;

  private long ackTimer = -1;
  private String session;
  private String secret;
  private String epoch;
  private int subscribeId;
  /** Set by a refused resume until the subscription is back. */
  private boolean resubscribing;
  private boolean started;
  private boolean subscribed;
  private String node;
  private boolean lastResumed;

  /** Lives on the context current when it is created (the caller's), else on a new event-loop context. */
  SessionProtocol(Object lock, Vertx vertx, WebSocketClient client, WebSocketConnectOptions connect,
      Settings settings, Deliveries deliveries, ClientStats stats) {
    this.lock = lock;
    this.vertx = vertx;
    this.settings = settings;
    this.deliveries = deliveries;
    this.stats = stats;
    this.socket = new ReconnectingSocket(lock, vertx, client, connect, settings, stats, this::hello, this::onText,
        () -> subscribed = false);
  }

  // ---- commands, from any thread

  void connect() {
    socket.connect();
  }

  void connect(WebSocketConnectOptions firstTo) {
    socket.connect(firstTo);
  }

  void bounce() {
    socket.bounce();
  }

  /** Stops acking and reconnecting, and closes normally. */
  void stop() {
    socket.stop(() -> {
      if (ackTimer >= 0) {
        vertx.cancelTimer(ackTimer);
      }
    });
  }

  // ---- the frames, on the context under the lock

  /** The first frame of a connection: resumes the session once there is one. */
  private String hello() {
    JsonObject hello = new JsonObject().put("type", "hello").putNull("token");
    if (session != null) {
      // without an epoch (never subscribed) our offsets mean nothing: the server restores what it stored
      JsonArray subscriptions = epoch == null ? new JsonArray() : new JsonArray().add(position(true));
      hello.put("resume", new JsonObject().put("session", session).put("secret", secret)
          .put("subscriptions", subscriptions));
    }
    return hello.encode();
  }

  /** One text frame: one or more JSON objects separated by {@code '\n'}. */
  private void onText(String text) {
    int from = 0;
    int nl;
    while ((nl = text.indexOf('\n', from)) >= 0) {
      handle(text.substring(from, nl));
      from = nl + 1;
    }
    handle(from == 0 ? text : text.substring(from));
  }

  private void handle(String line) {
    JsonObject o;
    try {
      o = new JsonObject(line);
    } catch (DecodeException | ClassCastException e) {
      stats.note("not a JSON object: " + line.substring(0, Math.min(80, line.length())));
      return;
    }
    String type = o.getString("type", "");
    switch (type) {
      case "message" -> message(o);
      case "welcome" -> welcome(o);
      case "subscribed" -> subscribed(o);
      case "gap" -> deliveries.gap(o);
      case "error" -> error(o);
      default -> stats.note("ignored " + type);
    }
  }

  private void welcome(JsonObject o) {
    stats.welcomed();
    node = o.getString("node");
    boolean resumed = Boolean.TRUE.equals(o.getBoolean("resumed"));
    lastResumed = resumed;
    if (session != null) {
      if (resumed) {
        stats.resumed();
      } else {
        resubscribing = true;
        stats.resumeRefused(o.getString("reason"));
      }
    }
    session = o.getString("session");
    secret = o.getString("secret");
    if (ackTimer < 0 && settings.ackEveryMs() > 0) {
      ackTimer = vertx.setPeriodic(settings.ackEveryMs(), t -> ack());
    }
    if (!resumed || epoch == null) {
      // a fresh session, or a resumed one that may never have stored our subscription
      subscribe();
    }
  }

  /** Subscribes from our own position, from "latest" the first time. */
  private void subscribe() {
    synchronized (lock) {
      if (!socket.writable()) {
        return;
      }
      JsonObject sub = new JsonObject().put("type", "subscribe").put("id", ++subscribeId).put("topic", settings.topic());
      if (settings.key() != null) {
        sub.put("key", settings.key());
      }
      socket.send(sub.put("from", epoch == null ? "latest" : position(false)).encode());
    }
  }

  private void subscribed(JsonObject o) {
    if (resubscribing) {
      stats.note("subscribed again after a refused resume, recovered=" + o.getValue("recovered"));
      resubscribing = false;
    } else if (Boolean.FALSE.equals(o.getBoolean("recovered")) && epoch != null) {
      stats.note("resumed subscription not recovered: " + o.getValue("reason"));
    }
    String e = o.getString("epoch");
    if (epoch != null && !epoch.equals(e)) {
      stats.note("epoch changed");
    }
    epoch = e;
    JsonObject offsets = o.getJsonObject("offsets");
    if (offsets != null) {
      for (Map.Entry<String, Object> p : offsets) {
        deliveries.start(Integer.parseInt(p.getKey()), ((Number) p.getValue()).longValue());
      }
    }
    started = true;
    subscribed = true;
  }

  private void message(JsonObject o) {
    if (!settings.topic().equals(o.getString("topic"))
        || (settings.key() != null && !settings.key().equals(o.getString("key")))) {
      deliveries.countForeign();
      return;
    }
    Object p = o.getValue("partition");
    Object off = o.getValue("offset");
    if (!(p instanceof Number) || !(off instanceof Number)) {
      deliveries.countUntracked();
      stats.note("message without partition or offset");
      return;
    }
    deliveries.record(((Number) p).intValue(), ((Number) off).longValue());
  }

  private void error(JsonObject o) {
    Object id = o.getValue("id");
    String code = o.getString("code");
    stats.note(id == null ? "error (no request id) " + code : "error to subscribe " + code + ": " + o.getString("message"));
    if (id != null && "unavailable".equals(code)) {
      vertx.setTimer(1000, t -> subscribe()); // "retry later", as an SDK would
    }
  }

  /** The subscription's position, with its topic and key for {@code hello.resume}. */
  private JsonObject position(boolean named) {
    JsonObject pos = new JsonObject();
    if (named) {
      pos.put("topic", settings.topic());
      if (settings.key() != null) {
        pos.put("key", settings.key());
      }
    }
    return pos.put("epoch", epoch).put("offsets", deliveries.offsets());
  }

  private void ack() {
    synchronized (lock) {
      if (!socket.writable() || deliveries.isEmpty()) {
        return;
      }
      JsonObject ack = new JsonObject().put("type", "ack").put("topic", settings.topic());
      if (settings.key() != null) {
        ack.put("key", settings.key());
      }
      socket.send(ack.put("offsets", deliveries.offsets()).encode());
    }
  }

  // ---- its state, under the lock

  boolean started() {
    return started;
  }

  boolean subscribed() {
    return subscribed;
  }

  /** Whether a connection is open and was welcomed. */
  boolean connected() {
    return socket.isOpen() && stats.welcomes() > 0;
  }

  String node() {
    return node;
  }

  String session() {
    return session;
  }

  boolean lastResumed() {
    return lastResumed;
  }
}
