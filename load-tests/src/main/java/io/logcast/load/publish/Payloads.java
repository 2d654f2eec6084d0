package io.logcast.load.publish;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Builds the JSON payloads every target carries: {@code {"lcS":seq,"lcT":nanoTime,"pad":"xx.."}}
 * padded to the requested size. {@code lcT} is {@link System#nanoTime()} at publish: CLOCK_MONOTONIC
 * on Linux, comparable between processes on one machine, so receivers in other processes can use it.
 */
public final class Payloads {
  /** The payload without padding is about this long; smaller sizes are not padded. */
  private static final int OVERHEAD_BYTES = 50;
  private final int bytes;
  private final String pad;

  public Payloads(int bytes) {
    this.bytes = bytes;
    char[] p = new char[Math.max(0, bytes - OVERHEAD_BYTES)];
    Arrays.fill(p, 'x');
    this.pad = new String(p);
  }

  public int bytes() {
    return bytes;
  }

  public String text(long seq, long nanos) {
    return "{\"lcS\":" + seq + ",\"lcT\":" + nanos + ",\"pad\":\"" + pad + "\"}";
  }

  public byte[] utf8(long seq, long nanos) {
    return text(seq, nanos).getBytes(StandardCharsets.UTF_8);
  }
}
