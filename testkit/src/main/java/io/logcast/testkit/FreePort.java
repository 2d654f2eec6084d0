package io.logcast.testkit;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A port for a test server to bind later, chosen outside the kernel's ephemeral range.
 *
 * <p>{@code new ServerSocket(0)} hands out an ephemeral port, and the kernel hands the same range
 * out as the local port of outgoing connections: between the choice and the bind (seconds, in a
 * test that builds an image or starts a broker first) a Kafka or Hazelcast client's connection
 * could take it, and the server then fails with "Address already in use". A port below the
 * ephemeral range is only ever taken by an explicit bind. Ports are handed out in turn from a
 * random start, so one JVM never hands out the same port twice and two JVMs rarely collide.
 */
public final class FreePort {
  private static final Path EPHEMERAL_RANGE = Path.of("/proc/sys/net/ipv4/ip_local_port_range");
  private static final int LOWEST = 10_000;
  private static final int DEFAULT_EPHEMERAL_LOW = 32_768;
  private static final int[] RANGE = range();
  private static final AtomicInteger NEXT =
      new AtomicInteger(ThreadLocalRandom.current().nextInt(RANGE[1] - RANGE[0]));

  private FreePort() {}

  /** A port nothing listens on now, on any address, and that this JVM has not handed out before. */
  public static int next() {
    return range(1);
  }

  /** The first of {@code n} consecutive such ports (a cluster's gateways, management ports, members). */
  public static synchronized int range(int n) {
    int size = RANGE[1] - RANGE[0];
    for (int tried = 0; tried < size; tried += n) {
      int first = RANGE[0] + Math.floorMod(NEXT.getAndAdd(n), size);
      boolean free = first + n <= RANGE[1];
      for (int i = 0; i < n && free; i++) {
        free = bindable(first + i);
      }
      if (free) {
        return first;
      }
    }
    throw new IllegalStateException("no " + n + " free consecutive ports in " + RANGE[0] + "-" + (RANGE[1] - 1));
  }

  private static boolean bindable(int port) {
    try (ServerSocket s = new ServerSocket()) {
      s.bind(new InetSocketAddress(port), 1);
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  /** [from, to): below the ephemeral range if there is room, else above it. */
  private static int[] range() {
    int low = DEFAULT_EPHEMERAL_LOW;
    int high = 60_999;
    // read by line: Files.readString trusts the size /proc reports, which can be 0
    try (BufferedReader r = Files.newBufferedReader(EPHEMERAL_RANGE)) {
      String[] parts = r.readLine().trim().split("\\s+");
      low = Integer.parseInt(parts[0]);
      high = Integer.parseInt(parts[1]);
    } catch (IOException | RuntimeException e) {
      // not Linux, or unreadable: assume the common default
    }
    if (low - LOWEST >= 2_000) {
      return new int[] {LOWEST, low};
    }
    if (65_535 - high >= 2_000) {
      return new int[] {high + 1, 65_536};
    }
    throw new UncheckedIOException(new IOException("the ephemeral port range " + low + "-" + high
        + " leaves no room for test ports"));
  }
}
