package io.logcast.gateway.delivery;

import io.logcast.gateway.log.EncodedRecord;
import io.logcast.gateway.metrics.GatewayMetrics;
import io.logcast.gateway.protocol.CloseCode;
import io.logcast.gateway.ws.Socket;

import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http.websocketx.WebSocketFrameEncoder;
import io.netty.handler.codec.http.websocketx.extensions.WebSocketExtensionEncoder;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;

/**
 * Writes objects to one socket. Objects queued during a shard's task go out together at its end:
 * newline-separated text frames of at most {@code maxFrameBytes}, one socket write (and one
 * syscall) per client per task. A {@link Segment} goes out as the shard's shared wire bytes; other
 * objects are copied once into a pooled buffer.
 *
 * <p>Every data and control object is written to the Netty pipeline as wire bytes, below the
 * WebSocket frame encoder (no frame object, promise or encoder pass per write). That is safe
 * because everything is written on the channel's event loop, so nothing can overtake it; close and
 * ping frames go through the encoder ({@link Socket}) and may come after anything. Congestion is
 * the channel's own writability (its high-water mark is {@code limits.maxOutboundBytes}).
 */
final class Transport implements Outbound {
  private final Socket socket;
  private final Channel channel;
  /**
   * Where wire bytes enter the pipeline: just below the WebSocket frame encoder, so they skip it
   * but still pass anything nearer the socket (TLS). Null with permessage-deflate, whose frames
   * must go through the pipeline's compressor and encoder. Found at the first flush: Netty adds
   * the compressor once the handshake response is written, and nothing is flushed before the
   * client's hello, which it sends only after that response.
   */
  private ChannelHandlerContext wire;
  private boolean wireFound;
  private final GatewayMetrics metrics;
  private final FrameBuilder builder;
  /** The first object queued since the last flush (byte[] or Segment): most flushes have one. */
  private Object first;
  /** Everything queued, in order, once there is more than one; made on first need. */
  private ArrayList<Object> pending;
  private boolean closed;

  Transport(Socket socket, GatewayMetrics metrics, FrameBuilder builder) {
    this.socket = socket;
    this.channel = socket.channel();
    this.metrics = metrics;
    this.builder = builder;
  }

  @Override
  public boolean enqueue(byte[] object) {
    return queue(object);
  }

  @Override
  public boolean enqueue(String topic, int p, EncodedRecord record) {
    return queue(record.frame());
  }

  @Override
  public boolean enqueue(String topic, int p, Segment segment) {
    return queue(segment);
  }

  /** Queues an encoded object (byte[]) or a Segment; true if it is the first since the last flush. */
  private boolean queue(Object item) {
    if (closed) {
      return false;
    }
    if (first == null) {
      first = item;
      return true;
    }
    if (pending == null) {
      pending = new ArrayList<>(4);
    }
    if (pending.isEmpty()) {
      pending.add(first);
    }
    pending.add(item);
    return false;
  }

  /** Sends a control object now, after anything already queued, so ordering holds. */
  @Override
  public void send(JsonObject object) {
    queue(object.toBuffer().getBytes());
    flush();
  }

  @Override
  public void flush() {
    Object one = first;
    if (one == null) {
      return;
    }
    first = null;
    if (!wireFound) {
      wireFound = true;
      wire = channel.pipeline().get(WebSocketExtensionEncoder.class) != null
          ? null : channel.pipeline().context(WebSocketFrameEncoder.class);
    }
    if (!closed) {
      List<?> items = pending == null || pending.isEmpty() ? List.of(one) : pending;
      if (wire == null) {
        writeDeflated(items);
      } else if (one instanceof Segment s && items.size() == 1) {
        // the fan-out case: the shard's bytes, shared, not copied
        wire.write(s.wire.retainedDuplicate(), wire.voidPromise());
        metered(s.frames, s.payloadBytes);
      } else {
        writeWire(items);
      }
      if (wire != null) {
        wire.flush();
      } else {
        channel.flush();
      }
    }
    if (pending != null) {
      pending.clear();
    }
  }

  /** Runs of objects are coalesced into frames copied once; segments go out as shared bytes. */
  private void writeWire(List<?> items) {
    int n = items.size();
    int run = 0;
    for (int i = 0; i < n; i++) {
      if (items.get(i) instanceof Segment s) {
        if (run < i) {
          writeRun(items, run, i);
        }
        wire.write(s.wire.retainedDuplicate(), wire.voidPromise());
        metered(s.frames, s.payloadBytes);
        run = i + 1;
      }
    }
    if (run < n) {
      writeRun(items, run, n);
    }
  }

  private void writeRun(List<?> items, int from, int to) {
    wire.write(builder.wire(items, from, to), wire.voidPromise());
    metered(builder.frames, builder.payloadBytes);
  }

  /** Segments are opened into their objects: a compressed frame is per connection anyway. */
  private void writeDeflated(List<?> items) {
    ArrayList<Object> objects = new ArrayList<>(items.size());
    for (Object item : items) {
      if (item instanceof Segment s) {
        objects.addAll(s.objects);
      } else {
        objects.add(item);
      }
    }
    builder.payloads(objects, 0, objects.size(), frame -> channel.write(frame, channel.voidPromise()));
    metered(builder.frames, builder.payloadBytes);
  }

  private void metered(int frames, long bytes) {
    metrics.frames().increment(frames);
    metrics.bytes().increment(bytes);
  }

  /** The socket's outbound buffer is past its high-water mark ({@code limits.maxOutboundBytes}). */
  @Override
  public boolean congested() {
    return !closed && !channel.isWritable();
  }

  @Override
  public void whenWritable(Runnable action) {
    if (channel.isWritable()) {
      action.run();
    } else {
      channel.pipeline().addFirst(new WritableWatch(action));
    }
  }

  @Override
  public boolean isClosed() {
    return closed;
  }

  @Override
  public void markClosed() {
    closed = true;
    first = null;
    if (pending != null) {
      pending.clear();
    }
  }

  @Override
  public void close(CloseCode code, String reason) {
    if (!closed) {
      flush();
      closed = true;
      socket.close(code, reason);
    }
  }

  @Override
  public void ping() {
    if (!closed) {
      socket.ping();
    }
  }

  /** Added to a congested socket's pipeline only, and removed at the first drain. */
  private static final class WritableWatch extends ChannelInboundHandlerAdapter {
    private final Runnable action;

    WritableWatch(Runnable action) {
      this.action = action;
    }

    @Override
    public void channelWritabilityChanged(ChannelHandlerContext ctx) {
      ctx.fireChannelWritabilityChanged();
      if (ctx.channel().isWritable()) {
        ctx.pipeline().remove(this);
        action.run();
      }
    }
  }
}
