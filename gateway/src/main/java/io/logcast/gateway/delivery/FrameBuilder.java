package io.logcast.gateway.delivery;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import java.util.List;
import java.util.function.Consumer;

/**
 * Coalesces encoded objects ({@code byte[]}) into newline-separated text frames of at most
 * {@code maxFrameBytes} (an object larger than that goes alone), written straight to wire bytes:
 * an RFC 6455 header (final, text, unmasked, as a server sends) before each payload, so a frame
 * built once can be written to many sockets. One per shard, used on its event loop only; it keeps
 * the counts of its last build so callers can meter without allocating.
 */
public final class FrameBuilder {
  private static final byte NEWLINE = '\n';
  private static final int FIN_TEXT = 0x81;

  private final ByteBufAllocator alloc;
  private final int maxFrameBytes;
  /** Frames and payload bytes of the last build. */
  int frames;
  long payloadBytes;

  public FrameBuilder(ByteBufAllocator alloc, int maxFrameBytes) {
    this.alloc = alloc;
    this.maxFrameBytes = maxFrameBytes;
  }

  /** Objects [from, to) as consecutive frames in one direct buffer. */
  ByteBuf wire(List<?> objects, int from, int to) {
    int total = 0;
    frames = 0;
    payloadBytes = 0;
    for (int start = from; start < to; ) {
      int end = frameEnd(objects, start, to);
      int len = payloadLength(objects, start, end);
      total += headerLength(len) + len;
      frames++;
      payloadBytes += len;
      start = end;
    }
    ByteBuf out = alloc.directBuffer(total, total);
    for (int start = from; start < to; ) {
      int end = frameEnd(objects, start, to);
      writeHeader(out, payloadLength(objects, start, end));
      writePayload(out, objects, start, end);
      start = end;
    }
    return out;
  }

  /**
   * Objects [from, to) as {@link TextWebSocketFrame}s, for a socket whose pipeline encodes frames
   * itself (permessage-deflate compresses per connection, so nothing there can be shared).
   */
  void payloads(List<?> objects, int from, int to, Consumer<TextWebSocketFrame> each) {
    frames = 0;
    payloadBytes = 0;
    for (int start = from; start < to; ) {
      int end = frameEnd(objects, start, to);
      int len = payloadLength(objects, start, end);
      ByteBuf payload = alloc.buffer(len, len);
      writePayload(payload, objects, start, end);
      frames++;
      payloadBytes += len;
      each.accept(new TextWebSocketFrame(payload));
      start = end;
    }
  }

  private int frameEnd(List<?> objects, int start, int to) {
    int bytes = ((byte[]) objects.get(start)).length;
    int end = start + 1;
    while (end < to) {
      int next = bytes + 1 + ((byte[]) objects.get(end)).length;
      if (next > maxFrameBytes) {
        break;
      }
      bytes = next;
      end++;
    }
    return end;
  }

  private static int payloadLength(List<?> objects, int start, int end) {
    int len = end - start - 1;
    for (int i = start; i < end; i++) {
      len += ((byte[]) objects.get(i)).length;
    }
    return len;
  }

  private static void writePayload(ByteBuf out, List<?> objects, int start, int end) {
    for (int i = start; i < end; i++) {
      if (i > start) {
        out.writeByte(NEWLINE);
      }
      out.writeBytes((byte[]) objects.get(i));
    }
  }

  static int headerLength(int payloadBytes) {
    return payloadBytes < 126 ? 2 : payloadBytes <= 0xFFFF ? 4 : 10;
  }

  static void writeHeader(ByteBuf out, int payloadBytes) {
    out.writeByte(FIN_TEXT);
    if (payloadBytes < 126) {
      out.writeByte(payloadBytes);
    } else if (payloadBytes <= 0xFFFF) {
      out.writeByte(126);
      out.writeShort(payloadBytes);
    } else {
      out.writeByte(127);
      out.writeLong(payloadBytes);
    }
  }
}
