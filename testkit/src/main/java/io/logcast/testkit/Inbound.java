package io.logcast.testkit;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.WebSocket;
import io.vertx.core.http.WebSocketFrame;
import io.vertx.core.json.JsonObject;
import java.util.Base64;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The receiving side of a {@link ProtocolClient}: reassembles frames into messages, splits text
 * messages on {@code '\n'} into JSON objects, counts messages and pongs, and records the close.
 * Frame callbacks run on the event loop only; the getters are read by the test thread.
 */
final class Inbound {
  private final ReceivedObjects objects = new ReceivedObjects();
  private final AtomicInteger frames = new AtomicInteger();
  private final AtomicInteger pongs = new AtomicInteger();
  private final CompletableFuture<Integer> closed = new CompletableFuture<>();
  // event-loop confined
  private Buffer fragments;
  private boolean fragmentsAreText;
  private boolean emptyCloseFrame;
  private WebSocket ws;

  /** Must run on the socket's event loop, before it delivers any frame. */
  void attach(WebSocket socket) {
    this.ws = socket;
    // frameHandler (not textMessageHandler): we want to see frames, to count them and pongs.
    socket.frameHandler(this::onFrame);
    socket.closeHandler(v -> onClosed());
    // recorded, not thrown: e.g. a frame over the size limit, or a connection reset
    socket.exceptionHandler(t -> objects.add(new JsonObject().put("type", "_error").put("error", t.toString())));
  }

  ReceivedObjects objects() {
    return objects;
  }

  int frames() {
    return frames.get();
  }

  int pongs() {
    return pongs.get();
  }

  /** Completes with the server's close code, or null when it sent none. */
  CompletableFuture<Integer> closed() {
    return closed;
  }

  private void onFrame(WebSocketFrame frame) {
    switch (frame.type()) {
      case TEXT, BINARY -> {
        frames.incrementAndGet();
        fragments = Buffer.buffer().appendBuffer(frame.binaryData());
        fragmentsAreText = frame.isText();
        if (frame.isFinal()) {
          onMessage();
        }
      }
      case CONTINUATION -> {
        if (fragments != null) {
          fragments.appendBuffer(frame.binaryData());
          if (frame.isFinal()) {
            onMessage();
          }
        }
      }
      case PONG -> pongs.incrementAndGet();
      case CLOSE -> emptyCloseFrame = frame.binaryData().length() < 2;
      default -> { }
    }
  }

  private void onMessage() {
    Buffer message = fragments;
    fragments = null;
    if (!fragmentsAreText) {
      objects.add(new JsonObject().put("type", "_binary")
          .put("base64", Base64.getEncoder().encodeToString(message.getBytes())));
      return;
    }
    // -1: keep trailing empty parts, an SDK's JSON.parse would choke on them too
    for (String part : message.toString().split("\n", -1)) {
      objects.add(parse(part));
    }
  }

  private static JsonObject parse(String part) {
    try {
      return new JsonObject(part);
    } catch (RuntimeException e) {
      return new JsonObject().put("type", "_invalid").put("text", part).put("error", String.valueOf(e.getMessage()));
    }
  }

  private void onClosed() {
    Short code = ws.closeStatusCode();
    // 1005 and 1006 are never on the wire: they are how Vert.x reports "no code" and "no close frame"
    boolean noCode = emptyCloseFrame || code == null || code == 1005 || code == 1006;
    // closed first: a waiter woken by end() may ask isClosed() at once, and must see true
    closed.complete(noCode ? null : Integer.valueOf(code));
    objects.end();
  }
}
