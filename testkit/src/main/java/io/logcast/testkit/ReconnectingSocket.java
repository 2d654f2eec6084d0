package io.logcast.testkit;

import io.logcast.testkit.ResumingClient.Settings;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.http.WebSocket;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketConnectOptions;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * The connection of a {@link ResumingClient}: one WebSocket at a time, opened again after every
 * close but {@link #stop}'s (after the settings' jitter), a failed connect retried likewise. It
 * times the stages of each reconnect in {@link ClientStats}.
 *
 * <p>Lives on the context current when it is created and never blocks it. Its callbacks take the
 * client's monitor ({@code lock}) and call the protocol under it: one frame, one lock.
 */
final class ReconnectingSocket {
  private final Object lock;
  private final Vertx vertx;
  private final Context ctx;
  private final WebSocketClient client;
  private final WebSocketConnectOptions connect;
  private final Settings settings;
  private final ClientStats stats;
  private final Supplier<String> hello;
  private final Consumer<String> onText;
  private final Runnable onClose;

  private WebSocket ws;
  private boolean stopped;
  /** Where the first connect goes, if not where reconnects go; null once used. */
  private WebSocketConnectOptions first;

  /**
   * @param hello the first frame of every connection
   * @param onText a text frame received
   * @param onClose the current connection closed (not a failed connect)
   */
  ReconnectingSocket(Object lock, Vertx vertx, WebSocketClient client, WebSocketConnectOptions connect,
      Settings settings, ClientStats stats, Supplier<String> hello, Consumer<String> onText, Runnable onClose) {
    this.lock = lock;
    this.vertx = vertx;
    this.ctx = vertx.getOrCreateContext();
    this.client = client;
    this.connect = connect;
    this.settings = settings;
    this.stats = stats;
    this.hello = hello;
    this.onText = onText;
    this.onClose = onClose;
  }

  // ---- commands, from any thread

  void connect() {
    connect(connect);
  }

  /** Connects to {@code firstTo}; reconnects (and a retried first connect) go where the constructor said. */
  void connect(WebSocketConnectOptions firstTo) {
    ctx.runOnContext(v -> {
      first = firstTo;
      open();
    });
  }

  /** Closes the connection (1001, going away); it reconnects as after any close. */
  void bounce() {
    ctx.runOnContext(v -> {
      synchronized (lock) {
        if (ws != null && !stopped) {
          ws.close((short) 1001, "bounce");
        }
      }
    });
  }

  /** Stops reconnecting and closes normally; {@code alsoStop} runs first, in the same step under the lock. */
  void stop(Runnable alsoStop) {
    ctx.runOnContext(v -> {
      synchronized (lock) {
        stopped = true;
        alsoStop.run();
        if (ws != null) {
          ws.close();
        }
      }
    });
  }

  // ---- under the lock

  /** Whether a frame can be sent: a connection is open and the client not stopped. */
  boolean writable() {
    return ws != null && !stopped;
  }

  /** Sends on the open connection; only when {@link #writable()}. */
  void send(String text) {
    ws.writeTextMessage(text);
  }

  /** Whether a connection is open (welcomed or not). */
  boolean isOpen() {
    return ws != null;
  }

  // ---- on the context

  private void open() {
    synchronized (lock) {
      if (stopped) {
        return;
      }
      stats.connecting();
      WebSocketConnectOptions to = first != null ? first : connect;
      first = null;
      client.connect(to).onComplete(ar -> {
        if (ar.succeeded()) {
          opened(ar.result());
        } else {
          failed(ar.cause());
        }
      });
    }
  }

  private void failed(Throwable e) {
    synchronized (lock) {
      stats.connectFailed(e);
      later(settings.retryMinMs(), settings.retrySpreadMs());
    }
  }

  private void later(int minMs, int spreadMs) {
    if (!stopped) {
      vertx.setTimer(minMs + (spreadMs > 0 ? ThreadLocalRandom.current().nextInt(spreadMs) : 0), t -> open());
    }
  }

  private void opened(WebSocket socket) {
    synchronized (lock) {
      if (stopped) {
        socket.close();
        return;
      }
      stats.upgraded();
      ws = socket;
      socket.textMessageHandler(text -> {
        synchronized (lock) {
          onText.accept(text);
        }
      });
      socket.exceptionHandler(e -> {
        synchronized (lock) {
          stats.socketError(e);
        }
      });
      socket.closeHandler(v -> closed(socket));
      socket.writeTextMessage(hello.get());
    }
  }

  private void closed(WebSocket socket) {
    synchronized (lock) {
      if (ws != socket) {
        return;
      }
      ws = null;
      onClose.run();
      stats.closed(socket.closeStatusCode());
      later(settings.reconnectMinMs(), settings.reconnectSpreadMs());
    }
  }
}
