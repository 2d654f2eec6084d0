package io.logcast.gateway.cluster;

import io.vertx.core.Vertx;
import io.vertx.core.http.WebSocket;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketConnectOptions;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;

/**
 * A client as an SDK would write it: reconnects through the load balancer, resumes its session
 * with its own positions, re-subscribes from them when the server could not resume, drops
 * redelivered records by offset and acks as it goes. Its state is only touched on its Vert.x
 * context; the test reads it through synchronized snapshots.
 */
final class ResumingClient {
  private static final long ACK_EVERY_MS = 300;

  private final Vertx vertx;
  private final WebSocketClient http;
  private final URI url;
  final String topic;
  final String key;
  private WebSocket ws;
  private volatile boolean stopped;
  private String session;
  private String secret;
  private String epoch;
  /** Where this subscription started (from the first {@code subscribed}): the oracle's origin. */
  Map<Integer, Long> start;
  private final Map<Integer, Long> next = new HashMap<>();
  private final Set<Long> seen = new HashSet<>();
  final List<long[]> accepted = new ArrayList<>();
  int duplicates;
  String node;
  int connects;
  int connectFailures;
  String lastFailure;
  int welcomes;
  int resumedTrue;
  int resumedFalse;
  long lastWelcomeMs;
  /** Whether the last welcome resumed the session (false: a fresh one). */
  boolean lastResumed;
  long lastCloseMs;
  final Map<Integer, Integer> closeCodes = new HashMap<>();
  final List<JsonObject> gaps = new ArrayList<>();

  ResumingClient(Vertx vertx, WebSocketClient http, String wsUrl, String topic, String key) {
    this.vertx = vertx;
    this.http = http;
    this.url = URI.create(wsUrl);
    this.topic = topic;
    this.key = key;
  }

  void connect() {
    if (stopped) {
      return;
    }
    WebSocketConnectOptions o = new WebSocketConnectOptions().setHost(url.getHost()).setPort(url.getPort())
        .setURI(url.getPath()).addSubProtocol("logcast.v1").setTimeout(5_000);
    connects++;
    http.connect(o).onSuccess(this::opened).onFailure(e -> {
      synchronized (this) {
        connectFailures++;
        lastFailure = e.toString();
      }
      retry();
    });
  }

  private void retry() {
    if (!stopped) {
      vertx.setTimer(100 + ThreadLocalRandom.current().nextInt(400), t -> connect());
    }
  }

  private synchronized void opened(WebSocket socket) {
    ws = socket;
    socket.textMessageHandler(text -> {
      for (String line : text.split("\n")) {
        handle(new JsonObject(line));
      }
    });
    socket.closeHandler(v -> closed(socket));
    JsonObject hello = new JsonObject().put("type", "hello").putNull("token");
    if (session != null) {
      JsonObject pos = new JsonObject().put("topic", topic).put("epoch", epoch).put("offsets", offsets());
      if (key != null) {
        pos.put("key", key);
      }
      hello.put("resume", new JsonObject().put("session", session).put("secret", secret)
          .put("subscriptions", new io.vertx.core.json.JsonArray().add(pos)));
    }
    socket.writeTextMessage(hello.encode());
  }

  private synchronized void closed(WebSocket socket) {
    if (ws == socket) {
      ws = null;
      lastCloseMs = System.currentTimeMillis();
      closeCodes.merge(socket.closeStatusCode() == null ? -1 : (int) socket.closeStatusCode(), 1, Integer::sum);
      retry();
    }
  }

  private synchronized void handle(JsonObject o) {
    switch (o.getString("type")) {
      case "welcome" -> welcome(o);
      case "subscribed" -> subscribed(o);
      case "message" -> message(o.getInteger("partition"), o.getLong("offset"));
      case "gap" -> {
        gaps.add(o);
        next.merge(o.getInteger("partition"), o.getLong("to"), Math::max);
      }
      default -> { }
    }
  }

  private void welcome(JsonObject o) {
    welcomes++;
    node = o.getString("node");
    lastWelcomeMs = System.currentTimeMillis();
    boolean resumed = o.getBoolean("resumed");
    lastResumed = resumed;
    if (session != null) {
      if (resumed) {
        resumedTrue++;
      } else {
        resumedFalse++;
      }
    }
    session = o.getString("session");
    secret = o.getString("secret");
    if (!resumed) {
      // a fresh session: subscribe again, from our own position if we have one
      JsonObject sub = new JsonObject().put("type", "subscribe").put("id", welcomes).put("topic", topic);
      if (key != null) {
        sub.put("key", key);
      }
      sub.put("from", epoch == null ? "latest" : new JsonObject().put("epoch", epoch).put("offsets", offsets()));
      ws.writeTextMessage(sub.encode());
    }
  }

  private void subscribed(JsonObject o) {
    epoch = o.getString("epoch");
    Map<Integer, Long> offsets = new HashMap<>();
    o.getJsonObject("offsets").forEach(e -> offsets.put(Integer.parseInt(e.getKey()), ((Number) e.getValue()).longValue()));
    if (start == null) {
      start = offsets;
    }
    offsets.forEach(next::putIfAbsent);
  }

  private void message(int partition, long offset) {
    if (!seen.add(((long) partition << 40) | offset)) {
      duplicates++;
      return;
    }
    accepted.add(new long[] {partition, offset});
    next.merge(partition, offset + 1, Math::max);
  }

  private JsonObject offsets() {
    JsonObject j = new JsonObject();
    next.forEach((p, o) -> j.put(Integer.toString(p), o));
    return j;
  }

  synchronized void ack() {
    if (ws != null && !next.isEmpty()) {
      JsonObject a = new JsonObject().put("type", "ack").put("topic", topic).put("offsets", offsets());
      if (key != null) {
        a.put("key", key);
      }
      ws.writeTextMessage(a.encode());
    }
  }

  synchronized Map<Integer, Long> nextSnapshot() {
    return new java.util.TreeMap<>(next);
  }

  synchronized String node() {
    return node;
  }

  synchronized long lastWelcomeMs() {
    return lastWelcomeMs;
  }

  synchronized String session() {
    return session;
  }

  synchronized boolean connected() {
    return ws != null && welcomes > 0;
  }

  void stop() {
    stopped = true;
    WebSocket s;
    synchronized (this) {
      s = ws;
    }
    if (s != null) {
      s.close();
    }
  }

  static long ackEveryMs() {
    return ACK_EVERY_MS;
  }
}
