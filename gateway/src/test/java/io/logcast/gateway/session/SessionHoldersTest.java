package io.logcast.gateway.session;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class SessionHoldersTest {
  private record Holder(String name, long generation) {}

  private final Set<Holder> superseded = ConcurrentHashMap.newKeySet();
  private final SessionHolders<Holder> holders = new SessionHolders<>(Holder::generation, superseded::add);

  @Test
  void aNewerLocalClaimReplacesTheHolderAndAnOlderOneLoses() {
    Holder first = new Holder("first", 1);
    Holder newer = new Holder("newer", 3);
    assertThat(holders.hold("s", first)).isNull();
    assertThat(holders.hold("s", newer)).isSameAs(first);
    assertThat(holders.hold("s", new Holder("late", 2))).isEqualTo(new Holder("late", 2));
    assertThat(holders.hold("s", newer)).as("holding again is idempotent").isNull();
  }

  @Test
  void aTakeoverAnnouncedAfterTheClaimSupersedesTheHolder() {
    Holder local = new Holder("local", 2);
    holders.hold("s", local);
    holders.onTakeover("s", 2);
    assertThat(superseded).as("the same generation is this connection's own announcement").isEmpty();
    holders.onTakeover("s", 3);
    assertThat(superseded).containsExactly(local);
  }

  @Test
  void aTakeoverAnnouncedBeforeTheClaimMakesTheClaimLose() {
    holders.onTakeover("s", 3);
    Holder local = new Holder("local", 2);
    assertThat(holders.hold("s", local)).isSameAs(local);
    assertThat(holders.hold("s", new Holder("newest", 4))).isNull();
    assertThat(superseded).isEmpty();
  }

  @Test
  void anOlderAnnouncementLeavesANewerHolder() {
    Holder local = new Holder("local", 3);
    holders.onTakeover("s", 2);
    assertThat(holders.hold("s", local)).isNull();
    holders.onTakeover("s", 2);
    assertThat(superseded).isEmpty();
    holders.release("s", local);
    holders.forEach((id, g) -> { throw new AssertionError("released: " + id); });
  }

  /**
   * A storm's takeovers are all younger than the memory: purging each time the map passed a fixed
   * size visited every entry on every takeover. Purges now wait for the map to double, and what is
   * older than the memory still goes.
   */
  @Test
  void aStormOfTakeoversPurgesRarelyAndOldAnnouncementsStillGo() {
    long[] now = {1_000_000};
    SessionHolders<Holder> h = new SessionHolders<>(Holder::generation, superseded::add, () -> now[0]);
    int storm = 10_000;
    for (int i = 0; i < storm; i++) {
      h.onTakeover("s" + i, 2);
    }
    assertThat(h.announcedCount()).isEqualTo(storm);
    assertThat(h.purges()).as("purges of 10,000 young announcements (a fixed threshold made 9,000)")
        .isLessThanOrEqualTo(4);
    assertThat(h.hold("s1", new Holder("older", 1))).as("still remembered within the memory")
        .isEqualTo(new Holder("older", 1));

    now[0] += SessionHolders.TAKEOVER_MEMORY_MS;
    int after = 0;
    while (h.announcedCount() >= storm && after < 3 * storm) {
      h.onTakeover("late" + after++, 2);
    }
    assertThat(h.announcedCount()).as("the expired ones purged once the map grew again").isEqualTo(after);
    assertThat(after).isLessThanOrEqualTo(storm + 1);
    assertThat(h.hold("s2", new Holder("older", 1))).as("an expired announcement no longer wins").isNull();
  }

  /** The claim and the announcement race on two threads: the older claim always loses. */
  @Test
  void aClaimRacingANewerAnnouncementAlwaysLoses() throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(2);
    try {
      int rounds = 20_000;
      int kept = 0;
      for (int round = 0; round < rounds; round++) {
        String session = "s" + round;
        Holder claim = new Holder("claim" + round, 2);
        CyclicBarrier start = new CyclicBarrier(2);
        Future<Holder> held = pool.submit(() -> {
          start.await();
          return holders.hold(session, claim);
        });
        Future<?> announced = pool.submit(() -> {
          start.await();
          holders.onTakeover(session, 3);
          return null;
        });
        boolean lost = held.get(5, TimeUnit.SECONDS) == claim;
        announced.get(5, TimeUnit.SECONDS);
        if (!lost && !superseded.contains(claim)) {
          kept++;
        }
      }
      assertThat(kept).as("rounds in which the older claim kept the session").isZero();
    } finally {
      pool.shutdownNow();
    }
  }
}
