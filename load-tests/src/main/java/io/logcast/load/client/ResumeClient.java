package io.logcast.load.client;

import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.http.WebSocket;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketConnectOptions;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.BitSet;
import java.util.concurrent.ThreadLocalRandom;

/**
 * A Logcast session that survives its gateway: on an abnormal close it reconnects through the load
 * balancer and resumes with its own next offset (PROTOCOL.md {@code hello.resume}); when the server
 * cannot resume it subscribes again from that position. One partition. Counts every delivered
 * offset, so duplicates and holes are exact. State is touched on its Vert.x context only; the
 * scenario reads it after the run has gone quiet (or through the volatile fields).
 */
public final class ResumeClient {
  /** Why resumes were refused and which errors came, over all clients: the report says so. */
  public static final java.util.concurrent.ConcurrentHashMap<String, Integer> REASONS =
      new java.util.concurrent.ConcurrentHashMap<>();

  private final Vertx vertx;
  private final Context ctx;
  private final WebSocketClient client;
  private final WebSocketConnectOptions connect;
  private final String topic;
  private final long ackEveryMs;
  private final BitSet seen = new BitSet();
  private WebSocket ws;
  private boolean stopped;
  private String session;
  private String secret;
  private String epoch;
  private long next = -1;
  private long start = -1;
  private long duplicates;
  private long gaps;
  private int subscribeId;
  private volatile String node;
  private volatile boolean subscribed;
  private volatile long closedAtMillis;
  private volatile long reconnectAtMillis;
  private volatile long upgradedAtMillis;
  private volatile long resumedAtMillis;
  private volatile int resumedTrue;
  private volatile int resumedFalse;
  private volatile int connectFailures;

  public ResumeClient(Vertx vertx, WebSocketClient client, WebSocketConnectOptions connect, String topic,
      long ackEveryMs) {
    this.vertx = vertx;
    this.ctx = vertx.getOrCreateContext(); // one event loop for its whole life, reconnects included
    this.client = client;
    this.connect = connect;
    this.topic = topic;
    this.ackEveryMs = ackEveryMs;
  }

  /** Connects (or reconnects); safe from any thread. */
  public void connect() {
    ctx.runOnContext(v -> open());
  }

  private void open() {
    if (closedAtMillis > 0 && reconnectAtMillis < closedAtMillis) {
      reconnectAtMillis = System.currentTimeMillis();
    }
    client.connect(connect).onSuccess(this::opened).onFailure(e -> {
      connectFailures++;
      REASONS.merge("connect failed: " + failure(e), 1, Integer::sum);
      retry(200, 500);
    });
  }

  /** A failure's kind without the parts that differ per connection (ports, addresses). */
  private static String failure(Throwable e) {
    String msg = String.valueOf(e.getMessage()).replaceAll("[0-9.:]+[0-9]", "#");
    return e.getClass().getSimpleName() + " " + msg.substring(0, Math.min(80, msg.length()));
  }

  private void retry(int minMs, int spreadMs) {
    if (!stopped) {
      vertx.setTimer(minMs + ThreadLocalRandom.current().nextInt(spreadMs), t -> open());
    }
  }

  private void opened(WebSocket socket) {
    if (closedAtMillis > 0) {
      upgradedAtMillis = System.currentTimeMillis();
    }
    ws = socket;
    socket.textMessageHandler(text -> {
      for (String line : text.split("\n")) {
        handle(new JsonObject(line));
      }
    });
    socket.exceptionHandler(e -> { });
    socket.closeHandler(v -> {
      if (ws == socket) {
        ws = null;
        subscribed = false;
        closedAtMillis = System.currentTimeMillis();
        retry(1, 1000); // a reconnect jitter like the SDK's, so a storm is spread over a second
      }
    });
    JsonObject hello = new JsonObject().put("type", "hello").putNull("token");
    if (session != null) {
      JsonObject pos = new JsonObject().put("topic", topic).put("epoch", epoch).put("offsets", offsets());
      hello.put("resume", new JsonObject().put("session", session).put("secret", secret)
          .put("subscriptions", new JsonArray().add(pos)));
    }
    socket.writeTextMessage(hello.encode());
  }

  private void handle(JsonObject o) {
    switch (o.getString("type", "")) {
      case "welcome" -> welcome(o);
      case "subscribed" -> {
        epoch = o.getString("epoch");
        JsonObject offsets = o.getJsonObject("offsets");
        Number at = offsets == null ? null : (Number) offsets.getValue("0");
        if (session != null && resumedFalse > 0 && !subscribed) {
          REASONS.merge("subscribed again after a refused resume, recovered=" + o.getValue("recovered"), 1, Integer::sum);
        }
        if (start < 0 && at != null) {
          start = at.longValue();
          next = start;
        }
        subscribed = true;
      }
      case "message" -> message(o.getLong("offset"));
      case "error" -> {
        REASONS.merge((o.getValue("id") == null ? "error (no request id) " : "error to subscribe ")
            + o.getString("code") + (o.getValue("id") == null ? "" : ": " + o.getString("message")), 1, Integer::sum);
        if (o.getValue("id") != null && "unavailable".equals(o.getString("code"))) {
          vertx.setTimer(1000, t -> subscribe()); // "retry later", as an SDK would
        }
      }
      case "gap" -> {
        gaps += o.getLong("to") - o.getLong("from");
        next = Math.max(next, o.getLong("to"));
      }
      default -> { }
    }
  }

  private void welcome(JsonObject o) {
    node = o.getString("node");
    boolean resumed = Boolean.TRUE.equals(o.getBoolean("resumed"));
    if (session != null) {
      if (resumed) {
        resumedTrue++;
        resumedAtMillis = System.currentTimeMillis();
      } else {
        resumedFalse++;
        REASONS.merge("resume refused: " + o.getString("reason"), 1, Integer::sum);
      }
    } else {
      vertx.setPeriodic(ackEveryMs, t -> ack());
    }
    session = o.getString("session");
    secret = o.getString("secret");
    if (!resumed) {
      subscribe();
    }
  }

  /** Subscribes from our own position (from latest the first time). */
  private void subscribe() {
    if (ws == null || stopped) {
      return;
    }
    Object from = epoch == null ? "latest" : new JsonObject().put("epoch", epoch).put("offsets", offsets());
    ws.writeTextMessage(new JsonObject().put("type", "subscribe").put("id", ++subscribeId).put("topic", topic)
        .put("from", from).encode());
  }

  private void message(long offset) {
    if (start < 0 || offset < start || offset - start > Integer.MAX_VALUE) {
      return;
    }
    int bit = (int) (offset - start);
    if (seen.get(bit)) {
      duplicates++;
    } else {
      seen.set(bit);
    }
    next = Math.max(next, offset + 1);
  }

  private JsonObject offsets() {
    return new JsonObject().put("0", next);
  }

  private void ack() {
    if (ws != null && next >= 0 && !stopped) {
      ws.writeTextMessage(new JsonObject().put("type", "ack").put("topic", topic).put("offsets", offsets()).encode());
    }
  }

  /** Closes the connection (going away); the session reconnects and resumes as after any close. */
  public void bounce() {
    ctx.runOnContext(v -> {
      if (ws != null && !stopped) {
        ws.close((short) 1001, "warm-up");
      }
    });
  }

  /** Stops reconnecting and closes normally. */
  public void stop() {
    ctx.runOnContext(v -> {
      stopped = true;
      if (ws != null) {
        ws.close();
      }
    });
  }

  public boolean subscribed() {
    return subscribed;
  }

  public String node() {
    return node;
  }

  public long closedAtMillis() {
    return closedAtMillis;
  }

  /** When the first reconnect after the close started (after the jitter). */
  public long reconnectAtMillis() {
    return reconnectAtMillis;
  }

  /** When the WebSocket upgrade of the last reconnect completed, before its hello went out. */
  public long upgradedAtMillis() {
    return upgradedAtMillis;
  }

  /** When the last {@code welcome resumed:true} arrived, 0 if never. */
  public long resumedAtMillis() {
    return resumedAtMillis;
  }

  public int resumedTrue() {
    return resumedTrue;
  }

  public int resumedFalse() {
    return resumedFalse;
  }

  public int connectFailures() {
    return connectFailures;
  }

  /** Offsets in [start, end) never delivered (announced gaps included). */
  public long lost(long end) {
    if (start < 0) {
      return end;
    }
    return Math.max(0, end - start - seen.cardinality());
  }

  public long duplicates() {
    return duplicates;
  }

  public long gaps() {
    return gaps;
  }

  public long start() {
    return start;
  }
}
