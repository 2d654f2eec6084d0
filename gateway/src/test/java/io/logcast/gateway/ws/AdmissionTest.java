package io.logcast.gateway.ws;

import static org.assertj.core.api.Assertions.assertThat;

import io.logcast.gateway.config.AddressRanges;
import io.logcast.gateway.config.EdgeConfig;
import io.logcast.gateway.metrics.LimitKind;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class AdmissionTest {
  private static EdgeConfig edge(int maxPendingPerAddress) {
    return new EdgeConfig(10_000, 30_000, 60_000, maxPendingPerAddress, 0, AddressRanges.NONE);
  }

  @Test
  void everySocketCountsFromItsAcceptAndPastTheAnswerRoomIsDroppedAtOnce() throws Exception {
    Admission admission = new Admission(3, 1_000, edge(0));
    InetAddress peer = InetAddress.getByName("198.51.100.1");
    List<Admission.Arrival> open = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      open.add(admission.arrive(peer));
    }
    assertThat(open).allMatch(a -> a.refused() == null);
    Admission.Arrival fourth = admission.arrive(peer);
    assertThat(fourth.refused()).isEqualTo(LimitKind.CONNECTIONS);
    assertThat(fourth.dropAtOnce()).as("kept to be answered").isFalse();
    for (int i = 0; i < 99; i++) {
      admission.arrive(peer);
    }
    assertThat(admission.arrive(peer).dropAtOnce()).as("past max + 100").isTrue();
    fourth.leave();
    fourth.leave();
    assertThat(admission.sockets()).isEqualTo(3 + 99 + 1);
  }

  @Test
  void aSocketIsPendingForItsAddressExceptWhileBusy() throws Exception {
    Admission admission = new Admission(100, 1_000, edge(2));
    InetAddress peer = InetAddress.getByName("198.51.100.1");
    Admission.Arrival streaming = admission.arrive(peer);
    admission.arrive(peer);
    Admission.Arrival third = admission.arrive(peer);
    assertThat(third.refused()).isEqualTo(LimitKind.PENDING_PER_ADDRESS);
    third.leave(); // a refused socket holds its place until it is closed
    streaming.busy(); // a long response (a stream) is not pending
    assertThat(admission.arrive(peer).refused()).isNull();
    streaming.waiting(); // idle again after its response
    assertThat(admission.arrive(peer).refused()).isEqualTo(LimitKind.PENDING_PER_ADDRESS);
  }
}
