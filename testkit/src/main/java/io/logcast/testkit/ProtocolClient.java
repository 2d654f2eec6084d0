package io.logcast.testkit;

import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.UpgradeRejectedException;
import io.vertx.core.http.WebSocket;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Predicate;

/**
 * A Logcast protocol test client over a Vert.x WebSocket. Its methods block the calling (test)
 * thread, never an event loop: do not call them from Vert.x code.
 *
 * <p>Each received text message is split on {@code '\n'} and every part parsed as a JSON object.
 * A part that is not a JSON object is recorded as {@code {"type":"_invalid","text":..,"error":..}},
 * a binary message as {@code {"type":"_binary","base64":..}} and a socket error as
 * {@code {"type":"_error","error":..}}, so that a protocol violation shows up in assertions
 * instead of vanishing. Awaits consume what they return; see {@link #await}.
 */
public final class ProtocolClient implements AutoCloseable {
  public static final String SUBPROTOCOL = "logcast.v1";
  private static final Duration IO_TIMEOUT = Blocking.TIMEOUT;

  private final Vertx vertx;
  private final boolean ownsVertx;
  private final Context context;
  private final WebSocketClient wsClient;
  private final Inbound inbound = new Inbound();
  private volatile WebSocket ws;

  private ProtocolClient(Vertx vertx, boolean ownsVertx, boolean deflate) {
    this.vertx = vertx;
    this.ownsVertx = ownsVertx;
    this.context = vertx.getOrCreateContext();
    this.wsClient = WsConnect.client(vertx, deflate);
  }

  /** Connects offering no subprotocol. */
  public static ProtocolClient connect(String wsUrl) {
    return connect(wsUrl, Map.of(), null);
  }

  /** Connects with extra upgrade headers (e.g. Authorization, Origin) and an optional subprotocol. */
  public static ProtocolClient connect(String wsUrl, Map<String, String> headers, String subprotocol) {
    return connect(wsUrl, headers, subprotocol, false);
  }

  /**
   * Connects, offering permessage-deflate when {@code deflate}; frames of up to 16 MiB, so one
   * large message goes out as one compressed frame.
   */
  public static ProtocolClient connect(String wsUrl, Map<String, String> headers, String subprotocol, boolean deflate) {
    Vertx own = Vertx.vertx(WsConnect.ownVertxOptions());
    try {
      return connect(own, true, deflate, wsUrl, headers, subprotocol);
    } catch (RuntimeException | Error e) {
      own.close();
      throw e;
    }
  }

  /** Like {@link #connect(String, Map, String)} on a Vertx the caller owns (and closes). */
  public static ProtocolClient connect(Vertx vertx, String wsUrl, Map<String, String> headers, String subprotocol) {
    return connect(vertx, false, false, wsUrl, headers, subprotocol);
  }

  /**
   * @throws UpgradeRejectedException when the server answered the upgrade with an HTTP status
   *     ({@link UpgradeRejectedException#getStatus()}); IllegalStateException on other failures
   */
  private static ProtocolClient connect(Vertx vertx, boolean owns, boolean deflate, String wsUrl,
      Map<String, String> headers, String subprotocol) {
    ProtocolClient client = new ProtocolClient(vertx, owns, deflate);
    client.ws = WsConnect.connect(client.context, client.wsClient, wsUrl, headers, subprotocol,
        client.inbound::attach);
    return client;
  }

  /** The extensions the server accepted in its upgrade response, or null for none. */
  public String extensions() {
    return ws.headers() == null ? null : ws.headers().get("sec-websocket-extensions");
  }

  public void send(JsonObject message) {
    sendRaw(message.encode());
  }

  /** Sends one text frame as is, e.g. to test malformed input. */
  public void sendRaw(String text) {
    Blocking.await(ws.writeTextMessage(text), "send text");
  }

  public void sendBinary(byte[] data) {
    Blocking.await(ws.writeBinaryMessage(Buffer.buffer(data)), "send binary");
  }

  /** Sends a WebSocket ping frame; the server's pong is counted by {@link #pongsReceived()}. */
  public void sendPing() {
    Blocking.await(ws.writePing(Buffer.buffer("logcast-test")), "send ping");
  }

  /** Sends {@code {"type":"hello","token":null}} and returns the welcome. */
  public JsonObject hello() {
    return hello(null);
  }

  /** Sends a hello with this token (null for none) and returns the welcome. */
  public JsonObject hello(String token) {
    send(new JsonObject().put("type", "hello").put("token", token));
    return awaitType("welcome", IO_TIMEOUT);
  }

  /**
   * Returns the oldest received object matching {@code p} that no earlier await returned, and
   * marks it consumed. Objects skipped over stay available to later awaits.
   *
   * @throws AssertionError on timeout (or once the socket closed), listing the last objects received
   */
  public JsonObject await(Predicate<JsonObject> p, Duration timeout) {
    return inbound.objects().await(p, timeout, "a matching object");
  }

  public JsonObject awaitType(String type, Duration timeout) {
    return inbound.objects().await(o -> type.equals(o.getValue("type")), timeout, "type " + type);
  }

  /** Consumes the next {@code n} unconsumed objects of type "message", in arrival order. */
  public List<JsonObject> awaitMessages(int n, Duration timeout) {
    return inbound.objects().awaitAll(n, o -> "message".equals(o.getValue("type")), timeout, n + " messages");
  }

  /** Everything received so far, consumed or not, in arrival order. */
  public List<JsonObject> received() {
    return inbound.objects().snapshot();
  }

  /** Data messages (text or binary) received; a server coalescing N objects into one counts once. */
  public int framesReceived() {
    return inbound.frames();
  }

  public int pongsReceived() {
    return inbound.pongs();
  }

  /** The subprotocol the server accepted, or null. */
  public String subProtocol() {
    return ws.subProtocol();
  }

  /**
   * Waits for the connection to close and returns the close code the server sent, or null if it
   * closed without one (no close frame, or an empty one).
   */
  public Integer awaitClose(Duration timeout) {
    try {
      return inbound.closed().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (TimeoutException e) {
      throw new AssertionError("connection still open after " + timeout + inbound.objects().describeTail());
    } catch (InterruptedException | ExecutionException e) {
      throw new AssertionError("failed waiting for close", e);
    }
  }

  public boolean isClosed() {
    return inbound.closed().isDone();
  }

  /** The close reason text the server sent, or null. */
  public String closeReason() {
    return ws.closeReason();
  }

  /**
   * Stops reading, like a client that stalls: a few frames queue in this client, then it stops
   * reading the socket and TCP flow control backs the server's writes up (after the loopback
   * socket buffers, which can hold megabytes, are full).
   */
  public void pause() {
    Blocking.onContext(context, () -> ws.pause());
  }

  public void resume() {
    Blocking.onContext(context, () -> ws.resume());
  }

  /** Closes with 1000 (if still open) and, if it owns it, the Vertx instance. */
  @Override
  public void close() {
    if (!isClosed()) {
      ws.close();
      try {
        inbound.closed().get(5, TimeUnit.SECONDS);
      } catch (TimeoutException | ExecutionException e) {
        // closing anyway below; a server that ignores the close frame is not this client's problem
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    wsClient.close();
    if (ownsVertx) {
      Blocking.await(vertx.close(), "close Vertx");
    }
  }
}
