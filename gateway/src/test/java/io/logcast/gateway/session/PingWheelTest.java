package io.logcast.gateway.session;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PingWheelTest {
  private static final int SLOTS = 50;
  private static final int CONNECTIONS = 5_000;

  @Test
  void everyMemberIsVisitedExactlyOncePerRevolution() {
    PingWheel<Object> wheel = new PingWheel<>(SLOTS);
    List<Object> members = members(CONNECTIONS);
    members.forEach(wheel::add);
    for (int revolution = 0; revolution < 3; revolution++) {
      Map<Object, Integer> visits = new HashMap<>();
      int largest = 0;
      for (int turn = 0; turn < SLOTS; turn++) {
        List<Object> slot = wheel.turn();
        largest = Math.max(largest, slot.size());
        slot.forEach(m -> visits.merge(m, 1, Integer::sum));
      }
      assertThat(visits).hasSize(CONNECTIONS);
      assertThat(visits.values()).containsOnly(1);
      // a turn visits about 1/SLOTS of them (100 here), not all: spread by identity hash
      assertThat(largest).isLessThan(3 * CONNECTIONS / SLOTS);
    }
  }

  @Test
  void aRemovedMemberIsNotVisitedAgain() {
    PingWheel<Object> wheel = new PingWheel<>(4);
    List<Object> members = members(100);
    members.forEach(wheel::add);
    Object gone = members.get(17);
    wheel.remove(gone);
    List<Object> seen = new ArrayList<>();
    for (int turn = 0; turn < 4; turn++) {
      seen.addAll(wheel.turn());
    }
    assertThat(seen).hasSize(99).doesNotContain(gone);
  }

  @Test
  void aHeartbeatShorterThanAPassIsOneSlotVisitedEveryPass() {
    PingWheel<Object> wheel = new PingWheel<>(0);
    Object only = new Object();
    wheel.add(only);
    assertThat(wheel.turn()).containsExactly(only);
    assertThat(wheel.turn()).containsExactly(only);
  }

  private static List<Object> members(int n) {
    List<Object> out = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      out.add(new Object());
    }
    return out;
  }
}
