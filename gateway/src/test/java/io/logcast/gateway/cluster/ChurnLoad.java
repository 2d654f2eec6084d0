package io.logcast.gateway.cluster;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.WebSocket;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketClientOptions;
import io.vertx.core.http.WebSocketConnectOptions;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Open-loop churn against a load balancer, paced per 10 ms tick and bounded by in-flight caps:
 * sessions that connect (to {@code wsUrl}), hello, subscribe {@code subscriptions} keys and close;
 * and HTTP publishes, each with a new idempotency key, to {@code publishPorts} in turn. Counts
 * outcomes; never retries.
 */
final class ChurnLoad {
  private static final long TICK_MS = 10;
  private static final int MAX_OPEN_SESSIONS = 200;
  private static final int MAX_POSTS_IN_FLIGHT = 256;
  private static final long SESSION_TIMEOUT_MS = 15_000;

  final AtomicLong sessionsDone = new AtomicLong();
  final AtomicLong sessionsFailed = new AtomicLong();
  final AtomicLong subscribeErrors = new AtomicLong();
  final Map<String, AtomicLong> errorCodes = new ConcurrentHashMap<>();
  final Map<Integer, AtomicLong> postStatus = new ConcurrentHashMap<>();
  final AtomicLong postFailures = new AtomicLong();

  private final Vertx vertx;
  private final WebSocketClient ws;
  private final HttpClient http;
  private final URI wsUrl;
  private final List<Integer> publishPorts;
  private final String topic;
  private final int subscriptions;
  private final AtomicInteger openSessions = new AtomicInteger();
  private final AtomicInteger postsInFlight = new AtomicInteger();
  private long startedSessions;
  private long startedPosts;

  ChurnLoad(Vertx vertx, String wsUrl, List<Integer> publishPorts, String topic, int subscriptions) {
    this.vertx = vertx;
    this.publishPorts = List.copyOf(publishPorts);
    this.wsUrl = URI.create(wsUrl);
    this.topic = topic;
    this.subscriptions = subscriptions;
    this.ws = vertx.createWebSocketClient(new WebSocketClientOptions().setMaxConnections(MAX_OPEN_SESSIONS * 2)
        .setConnectTimeout(5_000));
    this.http = vertx.createHttpClient(new HttpClientOptions().setKeepAlive(true).setConnectTimeout(5_000),
        new PoolOptions().setHttp1MaxSize(64));
  }

  /** Runs both loads for {@code durationMs}; the future completes when the last tick has started its work. */
  io.vertx.core.Future<Void> run(int sessionsPerSecond, int postsPerSecond, long durationMs) {
    io.vertx.core.Promise<Void> done = io.vertx.core.Promise.promise();
    long start = System.nanoTime();
    vertx.runOnContext(v -> {
      startedSessions = 0;
      startedPosts = 0;
    });
    vertx.setPeriodic(TICK_MS, id -> {
      long elapsedMs = (System.nanoTime() - start) / 1_000_000;
      if (elapsedMs >= durationMs) {
        vertx.cancelTimer(id);
        done.complete();
        return;
      }
      while (startedSessions < sessionsPerSecond * elapsedMs / 1000 && openSessions.get() < MAX_OPEN_SESSIONS) {
        startedSessions++;
        session();
      }
      while (startedPosts < postsPerSecond * elapsedMs / 1000 && postsInFlight.get() < MAX_POSTS_IN_FLIGHT) {
        startedPosts++;
        post();
      }
    });
    return done.future();
  }

  /** Nothing open or in flight: every session closed, every publish answered. */
  boolean idle() {
    return openSessions.get() == 0 && postsInFlight.get() == 0;
  }

  long posts(int status) {
    AtomicLong n = postStatus.get(status);
    return n == null ? 0 : n.get();
  }

  private void session() {
    openSessions.incrementAndGet();
    WebSocketConnectOptions o = new WebSocketConnectOptions().setHost(wsUrl.getHost()).setPort(wsUrl.getPort())
        .setURI(wsUrl.getPath()).addSubProtocol("logcast.v1");
    ws.connect(o).onComplete(ar -> {
      if (ar.failed()) {
        sessionsFailed.incrementAndGet();
        openSessions.decrementAndGet();
        return;
      }
      talk(ar.result());
    });
  }

  private void talk(WebSocket socket) {
    AtomicInteger answered = new AtomicInteger();
    long timer = vertx.setTimer(SESSION_TIMEOUT_MS, t -> socket.close());
    socket.closeHandler(v -> {
      vertx.cancelTimer(timer);
      openSessions.decrementAndGet();
      (answered.get() == subscriptions ? sessionsDone : sessionsFailed).incrementAndGet();
    });
    socket.textMessageHandler(text -> {
      JsonObject m = new JsonObject(text);
      switch (m.getString("type", "")) {
        case "welcome" -> subscribeAll(socket);
        case "error" -> {
          subscribeErrors.incrementAndGet();
          errorCodes.computeIfAbsent(m.getString("code", "?") + ": " + m.getString("message", ""),
              c -> new AtomicLong()).incrementAndGet();
          if (answered.incrementAndGet() == subscriptions) {
            socket.close();
          }
        }
        case "subscribed" -> {
          if (answered.incrementAndGet() == subscriptions) {
            socket.close();
          }
        }
        default -> { }
      }
    });
    socket.writeTextMessage(new JsonObject().put("type", "hello").putNull("token").encode());
  }

  private void subscribeAll(WebSocket socket) {
    ThreadLocalRandom r = ThreadLocalRandom.current();
    for (int i = 1; i <= subscriptions; i++) {
      // keys of a realistic length; what a session stores grows with them
      socket.writeTextMessage(new JsonObject().put("type", "subscribe").put("id", i).put("topic", topic)
          .put("key", "device-" + r.nextInt(100_000) + "-" + UUID.randomUUID()).put("from", "latest").encode());
    }
  }

  private void post() {
    postsInFlight.incrementAndGet();
    int port = publishPorts.get((int) (startedPosts % publishPorts.size()));
    http.request(HttpMethod.POST, port, "127.0.0.1", "/v1/topics/" + topic + "/messages")
        .compose(req -> req.putHeader("Content-Type", "application/json")
            .putHeader("Idempotency-Key", UUID.randomUUID().toString())
            .send("{\"data\":{\"churn\":true}}"))
        .compose(res -> res.body().map(b -> res.statusCode()))
        .onComplete(ar -> {
          postsInFlight.decrementAndGet();
          if (ar.succeeded()) {
            postStatus.computeIfAbsent(ar.result(), s -> new AtomicLong()).incrementAndGet();
          } else {
            postFailures.incrementAndGet();
          }
        });
  }

  void close() {
    ws.close();
    http.close();
  }
}
