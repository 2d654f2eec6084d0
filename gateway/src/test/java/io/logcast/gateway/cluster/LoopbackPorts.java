package io.logcast.gateway.cluster;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;

/** Free loopback port ranges for the cluster tests' gateways, management ports, Hazelcast members and nginx. */
final class LoopbackPorts {
  /** Ports already handed out in this JVM: two ranges of one test never overlap, although all are still free. */
  private static final Set<Integer> TAKEN = new HashSet<>();

  private LoopbackPorts() {
  }

  /** The first of {@code n} consecutive free loopback ports. */
  static synchronized int freeRange(int n) {
    for (int attempt = 0; attempt < 200; attempt++) {
      // below Linux's ephemeral range (32768+), so no outgoing connection can take a port we restart on
      int base = 20_000 + ThreadLocalRandom.current().nextInt(12_000);
      boolean free = true;
      for (int i = 0; i < n && free; i++) {
        free = !TAKEN.contains(base + i) && bindable(base + i);
      }
      if (free) {
        for (int i = 0; i < n; i++) {
          TAKEN.add(base + i);
        }
        return base;
      }
    }
    throw new IllegalStateException("no free port range of " + n);
  }

  private static boolean bindable(int port) {
    try (ServerSocket s = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
      s.setReuseAddress(true);
      return true;
    } catch (IOException e) {
      return false;
    }
  }
}
