package io.logcast.testkit;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.http.UpgradeRejectedException;
import io.vertx.core.http.WebSocket;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketClientOptions;
import io.vertx.core.http.WebSocketConnectOptions;
import java.net.URI;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;

/** Opens a Vert.x 5 client WebSocket to a {@code ws://} or {@code wss://} URL. */
final class WsConnect {
  // Far above any gateway limit, so that size limits under test are the server's, not ours.
  private static final int MAX_FRAME = 16 * 1024 * 1024;
  private static final int MAX_MESSAGE = 64 * 1024 * 1024;

  private WsConnect() {
  }

  static VertxOptions ownVertxOptions() {
    // One event loop is plenty for one test socket; daemon threads so a forgotten client
    // cannot keep a JVM alive.
    return new VertxOptions().setEventLoopPoolSize(1).setWorkerPoolSize(1)
        .setInternalBlockingPoolSize(1).setUseDaemonThread(true);
  }

  static WebSocketClient client(Vertx vertx, boolean deflate) {
    return vertx.createWebSocketClient(new WebSocketClientOptions()
        .setTryUsePerMessageCompression(deflate)
        .setMaxFrameSize(MAX_FRAME)
        .setMaxMessageSize(MAX_MESSAGE)
        .setConnectTimeout((int) Blocking.TIMEOUT.toMillis()));
  }

  /**
   * Connects and returns the open socket, after {@code onOpen} ran for it on the event loop.
   *
   * @throws UpgradeRejectedException when the server answered the upgrade with an HTTP status
   */
  static WebSocket connect(Context context, WebSocketClient client, String wsUrl,
      Map<String, String> headers, String subprotocol, Consumer<WebSocket> onOpen) {
    CompletableFuture<WebSocket> connected = new CompletableFuture<>();
    // Connect from the event loop so that onOpen (which installs the frame handlers) runs in the
    // task that completes the upgrade: a frame sent right after the 101 cannot slip past it.
    context.runOnContext(v -> open(client, wsUrl, headers, subprotocol)
        .onSuccess(socket -> {
          onOpen.accept(socket);
          connected.complete(socket);
        })
        .onFailure(connected::completeExceptionally));
    try {
      return Blocking.await(connected, "WebSocket connect to " + wsUrl);
    } catch (IllegalStateException e) {
      client.close();
      if (e.getCause() instanceof UpgradeRejectedException rejected) {
        throw rejected;
      }
      throw e;
    }
  }

  private static Future<WebSocket> open(WebSocketClient client, String wsUrl, Map<String, String> headers, String subprotocol) {
    WebSocketConnectOptions options;
    try {
      options = options(wsUrl, headers, subprotocol, Blocking.TIMEOUT.toMillis());
    } catch (IllegalArgumentException e) {
      return Future.failedFuture(e);
    }
    return client.connect(options);
  }

  /**
   * Connect options for a {@code ws://} or {@code wss://} URL (its path and query), with extra
   * upgrade headers, an optional subprotocol and a timeout for the upgrade.
   *
   * @throws IllegalArgumentException for another scheme
   */
  static WebSocketConnectOptions options(String wsUrl, Map<String, String> headers, String subprotocol, long timeoutMs) {
    URI uri = URI.create(wsUrl);
    boolean tls = "wss".equalsIgnoreCase(uri.getScheme());
    if (!tls && !"ws".equalsIgnoreCase(uri.getScheme())) {
      throw new IllegalArgumentException("not a ws:// or wss:// URL: " + wsUrl);
    }
    String path = uri.getRawPath() == null || uri.getRawPath().isEmpty() ? "/" : uri.getRawPath();
    WebSocketConnectOptions options = new WebSocketConnectOptions()
        .setHost(uri.getHost())
        .setPort(uri.getPort() != -1 ? uri.getPort() : tls ? 443 : 80)
        .setSsl(tls)
        .setURI(uri.getRawQuery() == null ? path : path + "?" + uri.getRawQuery())
        .setTimeout(timeoutMs);
    headers.forEach(options::addHeader);
    if (subprotocol != null) {
      options.addSubProtocol(subprotocol);
    }
    return options;
  }
}
