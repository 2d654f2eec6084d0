package io.logcast.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class FreePortTest {
  @Test
  void portsAreDistinctBindableAndOutsideTheEphemeralRange() throws Exception {
    String[] range;
    try (BufferedReader r = Files.newBufferedReader(Path.of("/proc/sys/net/ipv4/ip_local_port_range"))) {
      range = r.readLine().trim().split("\\s+");
    }
    int low = Integer.parseInt(range[0]);
    int high = Integer.parseInt(range[1]);
    Set<Integer> seen = new HashSet<>();
    for (int i = 0; i < 200; i++) {
      int port = FreePort.next();
      assertThat(port).as("outside %d-%d", low, high).satisfiesAnyOf(p -> assertThat(p).isLessThan(low),
          p -> assertThat(p).isGreaterThan(high));
      assertThat(seen.add(port)).as("port %d handed out twice", port).isTrue();
    }
    int port = FreePort.next();
    try (ServerSocket s = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
      assertThat(s.getLocalPort()).isEqualTo(port);
    }
  }

  @Test
  void aPortSomeoneListensOnIsNeverHandedOut() throws Exception {
    try (ServerSocket held = new ServerSocket(FreePort.next(), 1, InetAddress.getLoopbackAddress())) {
      for (int i = 0; i < 2_000; i++) {
        assertThat(FreePort.next()).isNotEqualTo(held.getLocalPort());
      }
    }
  }
}
