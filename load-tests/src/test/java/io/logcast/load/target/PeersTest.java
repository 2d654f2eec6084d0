package io.logcast.load.target;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class PeersTest {
  @Test
  void aHeartbeatSetsEachPeersOwnKeepalive() {
    assertTrue(Peers.nchanConf(18300, Path.of("/w"), 25).contains("nchan_websocket_ping_interval 25;"));
    assertEquals("ping_interval: \"25s\"\n", Peers.natsPing(25));
    assertTrue(JetStream.config(18300, "/w/js", 25).contains("ping_interval: \"25s\"\n"));
  }

  @Test
  void withoutOneEachPeerKeepsItsDefault() {
    assertFalse(Peers.nchanConf(18300, Path.of("/w"), 0).contains("ping"));
    assertEquals("", Peers.natsPing(0));
    assertFalse(JetStream.config(18300, "/w/js", 0).contains("ping"));
  }
}
