package io.logcast.load.report;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * How fast the box is when a run starts, before any load. On a shared VM one command's figures
 * differ by half from one hour to the next; these two tell a slow hour from a slow change. A
 * loopback round trip (one byte each way between two threads over TCP) is two sends, two receives
 * and two wake-ups: what every system's fan-out pays per write here. SHA-256 throughput is the
 * CPU that compiled code gets.
 */
public final class BoxSpeed {
  static final int WARMUP_ROUND_TRIPS = 500;
  static final int ROUND_TRIPS = 2_000;
  static final int HASH_CHUNK_BYTES = 1 << 20;
  static final int WARMUP_HASH_CHUNKS = 16;
  static final int HASH_CHUNKS = 64;
  private static volatile Map<String, Object> atStart;

  private BoxSpeed() {
  }

  /**
   * Measures now and keeps the figures for every report of this run (about a second). A box where
   * the probe fails still runs the scenario: its reports go without the figures, and stderr says why.
   */
  public static void measureAtStart() {
    try {
      atStart = measure();
    } catch (RuntimeException e) {
      System.err.println("load: the box's speed was not measured (" + e.getMessage() + "); reports go without it");
    }
  }

  /** The figures taken by {@link #measureAtStart}, or null if it did not run. */
  public static Map<String, Object> atStart() {
    return atStart;
  }

  static Map<String, Object> measure() {
    double[] micros = loopbackRoundTripsMicros(WARMUP_ROUND_TRIPS, ROUND_TRIPS);
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("loopbackRoundTripP50Micros", round1(percentile(micros, 50)));
    m.put("loopbackRoundTripP90Micros", round1(percentile(micros, 90)));
    m.put("sha256MiBPerSecond", Math.round(sha256MiBPerSecond(WARMUP_HASH_CHUNKS, HASH_CHUNKS)));
    return m;
  }

  /** Sorted round-trip times of one byte echoed by a second thread over a loopback TCP connection. */
  static double[] loopbackRoundTripsMicros(int warmup, int count) {
    try (ServerSocketChannel server = ServerSocketChannel.open()) {
      server.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
      Thread echo = new Thread(() -> echo(server, warmup + count), "box-speed-echo");
      echo.setDaemon(true);
      echo.start();
      double[] micros = new double[count];
      try (SocketChannel client = SocketChannel.open(server.getLocalAddress())) {
        client.setOption(StandardSocketOptions.TCP_NODELAY, true);
        ByteBuffer buf = ByteBuffer.allocateDirect(1);
        for (int i = 0; i < warmup + count; i++) {
          long start = System.nanoTime();
          buf.clear().put((byte) i).flip();
          client.write(buf);
          buf.clear();
          if (client.read(buf) != 1) {
            throw new IOException("the echo closed after " + i + " round trips");
          }
          if (i >= warmup) {
            micros[i - warmup] = (System.nanoTime() - start) / 1_000.0;
          }
        }
      }
      echo.join(5_000);
      Arrays.sort(micros);
      return micros;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while measuring the box", e);
    }
  }

  private static void echo(ServerSocketChannel server, int count) {
    try (SocketChannel peer = server.accept()) {
      peer.setOption(StandardSocketOptions.TCP_NODELAY, true);
      ByteBuffer buf = ByteBuffer.allocateDirect(1);
      for (int i = 0; i < count; i++) {
        buf.clear();
        if (peer.read(buf) != 1) {
          return;
        }
        buf.flip();
        peer.write(buf);
      }
    } catch (IOException e) {
      // the client sees the closed connection and reports it
    }
  }

  static double sha256MiBPerSecond(int warmupChunks, int chunks) {
    try {
      MessageDigest sha = MessageDigest.getInstance("SHA-256");
      byte[] chunk = new byte[HASH_CHUNK_BYTES];
      Arrays.fill(chunk, (byte) 7);
      for (int i = 0; i < warmupChunks; i++) {
        sha.update(chunk);
      }
      long start = System.nanoTime();
      for (int i = 0; i < chunks; i++) {
        sha.update(chunk);
      }
      sha.digest();
      double seconds = (System.nanoTime() - start) / 1e9;
      return chunks * (HASH_CHUNK_BYTES / (double) (1 << 20)) / seconds;
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is part of every JDK", e);
    }
  }

  static double percentile(double[] sorted, double p) {
    int i = (int) Math.ceil(p / 100.0 * sorted.length) - 1;
    return sorted[Math.max(0, Math.min(sorted.length - 1, i))];
  }

  private static double round1(double v) {
    return Math.round(v * 10) / 10.0;
  }
}
