package io.logcast.load.client;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.internal.buffer.BufferInternal;

/**
 * Finds the load generator's markers in received bytes without decoding them: every payload
 * carries {@code "lcS":<sequence>,"lcT":<publish nanoTime>}. The same scan works for every target,
 * since each delivers the payload text inside its own framing (a Logcast message object, a NATS
 * {@code MSG}, a Socket.IO event, an Nchan raw message).
 */
public final class PayloadScan {
  private static final byte[] SEQ = "\"lcS\":".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
  private static final byte[] TIME = "\"lcT\":".getBytes(java.nio.charset.StandardCharsets.US_ASCII);

  /** Receives each payload found in a frame, in order. */
  public interface Sink {
    void payload(long seq, long publishNanos);
  }

  private PayloadScan() {
  }

  /** Calls the sink for every payload in the frame; returns how many were found. */
  public static int scan(Buffer frame, Sink sink) {
    // on the backing array: Buffer.getByte checks bounds and reference counts per byte, which
    // was a third of the generator's CPU at 150k deliveries/s (JFR)
    ByteBuf buf = ((BufferInternal) frame).getByteBuf();
    if (buf.hasArray()) {
      int from = buf.arrayOffset() + buf.readerIndex();
      return scan(buf.array(), from, from + buf.readableBytes(), sink);
    }
    byte[] copy = ByteBufUtil.getBytes(buf);
    return scan(copy, 0, copy.length, sink);
  }

  static int scan(byte[] b, int from, int end, Sink sink) {
    int found = 0;
    int i = from;
    while (true) {
      int s = indexOf(b, SEQ, i, end);
      if (s < 0) {
        return found;
      }
      int afterSeq = s + SEQ.length;
      long seq = readLong(b, afterSeq, end);
      int t = indexOf(b, TIME, afterSeq, end);
      if (t < 0) {
        return found;
      }
      int afterTime = t + TIME.length;
      sink.payload(seq, readLong(b, afterTime, end));
      found++;
      i = afterTime;
    }
  }

  private static int indexOf(byte[] b, byte[] needle, int from, int end) {
    byte first = needle[0];
    outer:
    for (int i = from; i <= end - needle.length; i++) {
      if (b[i] != first) {
        continue;
      }
      for (int j = 1; j < needle.length; j++) {
        if (b[i + j] != needle[j]) {
          continue outer;
        }
      }
      return i;
    }
    return -1;
  }

  private static long readLong(byte[] b, int from, int end) {
    long v = 0;
    boolean negative = from < end && b[from] == '-';
    for (int i = negative ? from + 1 : from; i < end; i++) {
      byte c = b[i];
      if (c < '0' || c > '9') {
        break;
      }
      v = v * 10 + (c - '0');
    }
    return negative ? -v : v;
  }
}
