package io.logcast.testkit;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.ServerWebSocket;
import io.vertx.core.http.ServerWebSocketHandshake;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * A loopback WebSocket server that obeys commands, to test {@link ProtocolClient} without a
 * gateway. Every command is a JSON object; replies are coalesced into one frame where asked.
 */
final class ScriptedServer implements AutoCloseable {
  private final Vertx vertx = Vertx.vertx();
  private final HttpServer server;
  /** Completes when the server got a pong back for the ping it sent after a burst. */
  final CompletableFuture<Void> pongAfterBurst = new CompletableFuture<>();
  /** Completes with how many messages a flood wrote before the socket backed up, or -1 if it never did. */
  final CompletableFuture<Integer> floodBackedUp = new CompletableFuture<>();

  ScriptedServer() throws Exception {
    server = vertx.createHttpServer(new HttpServerOptions().setWebSocketSubProtocols(List.of(ProtocolClient.SUBPROTOCOL)))
        .webSocketHandshakeHandler(this::handshake)
        .webSocketHandler(this::serve)
        .listen(0, "127.0.0.1")
        .toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
  }

  String url(String path) {
    return "ws://127.0.0.1:" + server.actualPort() + path;
  }

  private void handshake(ServerWebSocketHandshake h) {
    if (h.path().equals("/reject")) {
      h.reject(401);
    } else {
      h.accept();
    }
  }

  private void serve(ServerWebSocket ws) {
    ws.binaryMessageHandler(b -> ws.close((short) 1003, "binary"));
    ws.pongHandler(b -> pongAfterBurst.complete(null));
    ws.textMessageHandler(text -> {
      JsonObject cmd = new JsonObject(text);
      switch (cmd.getString("type")) {
        // one frame, three objects: tests the client's splitting and frame counting
        case "hello" -> ws.writeTextMessage(new JsonObject().put("type", "welcome")
            .put("auth", ws.headers().get("Authorization")).encode()
            + "\n" + message(0) + "\n" + message(1));
        case "echo" -> ws.writeTextMessage(text);
        case "raw" -> ws.writeTextMessage(cmd.getString("text"));
        case "close" -> ws.close(cmd.getInteger("code").shortValue(), "asked to");
        case "burst" -> {
          for (int i = 0; i < cmd.getInteger("n"); i++) {
            ws.writeTextMessage(message(i));
          }
          ws.writePing(Buffer.buffer("after-burst"));
        }
        case "flood" -> flood(ws, 1, cmd.getInteger("max"));
        default -> ws.close((short) 4000, "unknown command");
      }
    });
  }

  private static String message(long offset) {
    return new JsonObject().put("type", "message").put("offset", offset).encode();
  }

  /** One 64 KiB message per timer tick, so a client that reads keeps up and one that doesn't can't. */
  private void flood(ServerWebSocket ws, int n, int max) {
    ws.writeTextMessage(new JsonObject().put("type", "message").put("offset", n - 1)
        .put("data", "x".repeat(64 * 1024)).encode());
    if (ws.writeQueueFull()) {
      floodBackedUp.complete(n);
    } else if (n == max) {
      floodBackedUp.complete(-1);
    } else {
      vertx.setTimer(1, t -> flood(ws, n + 1, max));
    }
  }

  @Override
  public void close() {
    vertx.close().toCompletionStage().toCompletableFuture().orTimeout(10, TimeUnit.SECONDS).join();
  }
}
