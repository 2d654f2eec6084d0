package io.logcast.gateway.core;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.vertx.core.Handler;
import io.vertx.core.http.ServerWebSocket;
import io.vertx.core.http.WebSocketFrameType;
import io.vertx.core.http.impl.ws.WebSocketFrameImpl;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;

/**
 * Writes objects to one socket. Objects queued during a batch go out together as newline-separated
 * text frames of at most {@code maxFrameBytes} (one write, not one per message); the shared
 * encoded bytes are wrapped, never copied.
 */
final class Transport {
  private static final byte[] NEWLINE = {'\n'};

  private final ServerWebSocket ws;
  private final GatewayMetrics metrics;
  private final int maxFrameBytes;
  private final ArrayList<byte[]> pending = new ArrayList<>();
  private boolean closed;

  Transport(ServerWebSocket ws, GatewayMetrics metrics, int maxFrameBytes, int maxOutboundBytes) {
    this.ws = ws;
    this.metrics = metrics;
    this.maxFrameBytes = maxFrameBytes;
    ws.setWriteQueueMaxSize(maxOutboundBytes);
  }

  /** Queues an encoded object; true if it is the first since the last flush. */
  boolean enqueue(byte[] object) {
    if (closed) {
      return false;
    }
    pending.add(object);
    return pending.size() == 1;
  }

  /** Sends a control object now, after anything already queued, so ordering holds. */
  void send(JsonObject object) {
    enqueue(object.toBuffer().getBytes());
    flush();
  }

  void flush() {
    int n = pending.size();
    int start = 0;
    while (start < n) {
      int bytes = pending.get(start).length;
      int end = start + 1;
      while (end < n && bytes + 1 + pending.get(end).length <= maxFrameBytes) {
        bytes += 1 + pending.get(end).length;
        end++;
      }
      write(start, end);
      start = end;
    }
    pending.clear();
  }

  private void write(int start, int end) {
    if (closed) {
      return;
    }
    ByteBuf payload;
    if (end - start == 1) {
      payload = Unpooled.wrappedBuffer(pending.get(start));
    } else {
      byte[][] parts = new byte[(end - start) * 2 - 1][];
      for (int i = start, j = 0; i < end; i++) {
        if (i > start) {
          parts[j++] = NEWLINE;
        }
        parts[j++] = pending.get(i);
      }
      payload = Unpooled.wrappedBuffer(parts);
    }
    metrics.frames.increment();
    metrics.bytes.increment(payload.readableBytes());
    ws.writeFrame(new WebSocketFrameImpl(WebSocketFrameType.TEXT, payload, true));
  }

  boolean congested() {
    return !closed && ws.writeQueueFull();
  }

  void onDrain(Handler<Void> handler) {
    ws.drainHandler(handler);
  }

  boolean isClosed() {
    return closed;
  }

  void markClosed() {
    closed = true;
    pending.clear();
  }

  void close(short code, String reason) {
    if (!closed) {
      flush();
      closed = true;
      ws.close(code, reason);
    }
  }

  void ping() {
    if (!closed) {
      ws.writePing(io.vertx.core.buffer.Buffer.buffer());
    }
  }
}
