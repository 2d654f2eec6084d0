package io.logcast.testkit;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.ServerWebSocket;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A loopback WebSocket server the test speaks for, to test {@link ResumingClient} without a
 * gateway: it queues every object a client sends and sends what the test tells it to, on the
 * latest connection.
 */
final class FakeGateway implements AutoCloseable {
  private final Vertx vertx = Vertx.vertx();
  private final HttpServer server;
  private final LinkedBlockingQueue<JsonObject> inbound = new LinkedBlockingQueue<>();
  private final AtomicInteger connections = new AtomicInteger();
  private volatile ServerWebSocket current;

  FakeGateway() throws Exception {
    server = vertx.createHttpServer(new HttpServerOptions().setWebSocketSubProtocols(List.of(ProtocolClient.SUBPROTOCOL)))
        .webSocketHandler(ws -> {
          connections.incrementAndGet();
          current = ws;
          ws.textMessageHandler(text -> inbound.add(new JsonObject(text)));
        })
        .listen(0, "127.0.0.1")
        .toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
  }

  String url() {
    return "ws://127.0.0.1:" + server.actualPort() + "/ws";
  }

  int connections() {
    return connections.get();
  }

  /** The next object any client sent that is of this type; earlier ones of other types are dropped. */
  JsonObject next(String type) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (true) {
      JsonObject o = inbound.poll(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
      if (o == null) {
        throw new AssertionError("no " + type + " from the client");
      }
      if (type.equals(o.getString("type"))) {
        return o;
      }
    }
  }

  /** Objects of this type the client sent since the last {@link #next}, within {@code ms}. */
  List<JsonObject> drain(String type, long ms) throws InterruptedException {
    Thread.sleep(ms);
    List<JsonObject> all = new java.util.ArrayList<>();
    inbound.drainTo(all);
    return all.stream().filter(o -> type.equals(o.getString("type"))).toList();
  }

  /** Sends these objects as one coalesced frame on the latest connection. */
  void send(JsonObject... objects) {
    StringBuilder b = new StringBuilder();
    for (JsonObject o : objects) {
      b.append(b.length() == 0 ? "" : "\n").append(o.encode());
    }
    current.writeTextMessage(b.toString());
  }

  void close(int code) {
    current.close((short) code, "test");
  }

  @Override
  public void close() {
    vertx.close().toCompletionStage().toCompletableFuture().orTimeout(10, TimeUnit.SECONDS).join();
  }
}
