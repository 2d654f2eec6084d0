package io.logcast.session.hazelcast;

import static org.assertj.core.api.Assertions.assertThat;

import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.map.IMap;
import io.logcast.session.AckedPositions;
import io.logcast.session.IdempotencyStore;
import io.logcast.session.SessionRecord;
import io.logcast.session.StoredSubscription;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Real embedded members, joined over TCP-IP on loopback: what one member writes, the other reads. */
class HazelcastSessionStoreIT {
  private static final List<String> MEMBERS = List.of("127.0.0.1:15801", "127.0.0.1:15802", "127.0.0.1:15803", "127.0.0.1:15804");
  private static HazelcastInstance a;
  private static HazelcastInstance b;
  private static HazelcastInstance c;

  private static HazelcastSettings settings(int port) {
    return new HazelcastSettings(HazelcastSettings.Mode.EMBEDDED, "logcast-it", MEMBERS, port, "127.0.0.1", null, 1);
  }

  @BeforeAll
  static void start() {
    System.setProperty("hazelcast.wait.seconds.before.join", "0");
    a = HazelcastMembers.start(settings(15801), "it-a");
    b = HazelcastMembers.start(settings(15802), "it-b");
    c = HazelcastMembers.start(settings(15803), "it-c");
    assertThat(a.getCluster().getMembers()).hasSize(3);
  }

  @AfterAll
  static void stop() {
    for (HazelcastInstance hz : List.of(a, b, c)) {
      if (hz.getLifecycleService().isRunning()) {
        hz.shutdown();
      }
    }
  }

  private static <T> T join(CompletionStage<T> stage) {
    return stage.toCompletableFuture().join();
  }

  private static SessionRecord session(String id) {
    return new SessionRecord(id, "alice", "hash", "node-a", 1, List.of(), System.currentTimeMillis());
  }

  @Test
  void writesOnOneMemberAreReadOnAnotherWithCompactRoundTrip() {
    var onA = new HazelcastSessionStore(a, Duration.ofMinutes(5));
    var onB = new HazelcastSessionStore(b, Duration.ofMinutes(5));
    join(onA.create(session("s1")));
    assertThat(join(onA.putSubscription("s1", 1, new StoredSubscription("orders", "k", "E", Map.of(0, 5L, 2, 9L)))))
        .isTrue();
    assertThat(join(onB.mergeAcked("s1", 1, "orders", "k", "E", Map.of(0, 3L, 2, 12L, 1, 1L)))).isTrue();
    SessionRecord read = join(onA.get("s1")).orElseThrow();
    assertThat(read.principal()).isEqualTo("alice");
    assertThat(read.subscriptions()).containsExactly(
        new StoredSubscription("orders", "k", "E", Map.of(0, 5L, 1, 1L, 2, 12L)));
  }

  @Test
  void aBatchOfSubscriptionsIsOneWriteThatAddsAndReplacesInOrderAndRefusesAStaleGeneration() {
    var onA = new HazelcastSessionStore(a, Duration.ofMinutes(5));
    var onB = new HazelcastSessionStore(b, Duration.ofMinutes(5));
    join(onA.create(session("s6")));
    join(onA.putSubscription("s6", 1, new StoredSubscription("orders", "k1", "E", Map.of(0, 1L))));
    assertThat(join(onB.putSubscriptions("s6", 1, List.of(
        new StoredSubscription("orders", null, "E", Map.of(0, 7L)),
        new StoredSubscription("orders", "k1", "E", Map.of(0, 2L)),
        new StoredSubscription("audit", "k2", "F", Map.of(1, 3L)))))).isTrue();
    assertThat(join(onA.get("s6")).orElseThrow().subscriptions()).containsExactly(
        new StoredSubscription("orders", null, "E", Map.of(0, 7L)),
        new StoredSubscription("orders", "k1", "E", Map.of(0, 2L)),
        new StoredSubscription("audit", "k2", "F", Map.of(1, 3L)));
    join(onA.claim("s6", "node-b", 1L));
    assertThat(join(onB.putSubscriptions("s6", 1, List.of(new StoredSubscription("x", null, "E", Map.of())))))
        .as("a writer of the generation before the claim").isFalse();
  }

  @Test
  void removeAndTouchRoundTripBetweenMembers() {
    var onA = new HazelcastSessionStore(a, Duration.ofMinutes(5));
    var onC = new HazelcastSessionStore(c, Duration.ofMinutes(5));
    join(onA.create(session("s5")));
    join(onA.putSubscription("s5", 1, new StoredSubscription("orders", null, "E", Map.of(0, 1L))));
    join(onA.putSubscription("s5", 1, new StoredSubscription("audit", "k", "E", Map.of())));
    assertThat(join(onC.removeSubscription("s5", 1, "orders", null))).isTrue();
    assertThat(join(onC.touch("s5", 1, 42L))).isTrue();
    SessionRecord read = join(onA.get("s5")).orElseThrow();
    assertThat(read.subscriptions()).containsExactly(new StoredSubscription("audit", "k", "E", Map.of()));
    assertThat(read.lastSeenMs()).isEqualTo(42L);
  }

  @Test
  void aBatchOfAcksMergesEverySessionOnItsOwnerAndSkipsStaleGenerations() {
    var onA = new HazelcastSessionStore(a, Duration.ofMinutes(5));
    var onB = new HazelcastSessionStore(b, Duration.ofMinutes(5));
    List<AckedPositions> batch = new java.util.ArrayList<>();
    for (int i = 0; i < 40; i++) { // 40 sessions: spread over most members and many partitions
      String id = "batch-" + i;
      join(onA.create(session(id)));
      join(onA.putSubscription(id, 1, new StoredSubscription("orders", null, "E", Map.of(0, 1L))));
      batch.add(new AckedPositions(id, 1, "orders", null, "E", Map.of(0, 10L + i)));
    }
    join(onB.claim("batch-7", "node-b", System.currentTimeMillis())); // generation 2: the batch's ack is stale
    batch.add(new AckedPositions("batch-3", 1, "orders", null, "E", Map.of(0, 5L))); // lower: max wins
    batch.add(new AckedPositions("unknown", 1, "orders", null, "E", Map.of(0, 5L)));
    join(onB.mergeAckedAll(batch));
    for (int i = 0; i < 40; i++) {
      long expected = i == 7 ? 1L : 10L + i;
      assertThat(join(onA.get("batch-" + i)).orElseThrow().subscriptions().get(0).acked()).containsEntry(0, expected);
    }
    assertThat(join(onA.get("unknown"))).isEmpty();
  }

  @Test
  void aBatchOfTouchesRestartsEveryHeldSessionsClockButNotATakenOverOne() {
    var onA = new HazelcastSessionStore(a, Duration.ofMinutes(5));
    var onC = new HazelcastSessionStore(c, Duration.ofMinutes(5));
    Map<String, Long> held = new java.util.HashMap<>();
    for (int i = 0; i < 30; i++) {
      join(onA.create(session("touch-" + i)));
      held.put("touch-" + i, 1L);
    }
    join(onC.claim("touch-4", "node-c", 7L)); // generation 2 now, seen at 7
    held.put("gone", 1L);
    join(onA.touchAll(held, 99L));
    for (int i = 0; i < 30; i++) {
      assertThat(join(onC.get("touch-" + i)).orElseThrow().lastSeenMs()).isEqualTo(i == 4 ? 7L : 99L);
    }
    assertThat(join(onA.get("gone"))).isEmpty();
  }

  @Test
  void hazelcastCallbacksRunOnTheGatewaysPoolNotOnAThreadPerCallback() {
    IMap<String, String> map = a.getMap("it.callbacks");
    String thread = join(map.putAsync("k", "v").thenApply(v -> Thread.currentThread().getName()));
    assertThat(thread).startsWith("logcast-hz-async-");
  }

  @Test
  void aClaimBumpsTheGenerationAndTheZombieIsRefused() {
    var onA = new HazelcastSessionStore(a, Duration.ofMinutes(5));
    var onB = new HazelcastSessionStore(b, Duration.ofMinutes(5));
    join(onA.create(session("s2")));
    SessionRecord claimed = join(onB.claim("s2", "node-b", System.currentTimeMillis())).orElseThrow();
    assertThat(claimed.generation()).isEqualTo(2);
    assertThat(claimed.owner()).isEqualTo("node-b");
    // node-a, paused through the takeover, now tries to write with generation 1
    assertThat(join(onA.mergeAcked("s2", 1, "orders", null, "E", Map.of(0, 99L)))).isFalse();
    assertThat(join(onA.putSubscription("s2", 1, new StoredSubscription("x", null, "E", Map.of())))).isFalse();
    assertThat(join(onA.get("s2")).orElseThrow().subscriptions()).isEmpty();
    assertThat(join(onA.claim("nope", "node-a", 0))).isEmpty();
  }

  @Test
  void idempotencyKeysAreSharedAcrossMembers() {
    IdempotencyStore onA = new HazelcastIdempotencyStore(a);
    IdempotencyStore onB = new HazelcastIdempotencyStore(b);
    Duration window = Duration.ofMinutes(1);
    assertThat(join(onA.reserve("k1", window))).isEmpty();
    Optional<IdempotencyStore.Entry> inFlight = join(onB.reserve("k1", window));
    assertThat(inFlight.orElseThrow().inFlight()).isTrue();
    join(onA.complete("k1", "[{\"offset\":7}]", window));
    assertThat(join(onB.reserve("k1", window)).orElseThrow().result()).isEqualTo("[{\"offset\":7}]");
  }

  /** A reservation is its member's: once that member is gone, the next reserve resolves, never waits out the window. */
  @Test
  void aReservationOfAMemberThatLeftIsTakenOverAsResolve() {
    HazelcastInstance d = HazelcastMembers.start(settings(15804), "it-d");
    Duration window = Duration.ofMinutes(10);
    long before = System.currentTimeMillis();
    assertThat(join(new HazelcastIdempotencyStore(d).reserve("left", window))).isEmpty();
    IdempotencyStore onA = new HazelcastIdempotencyStore(a);
    assertThat(join(onA.reserve("left", window)).orElseThrow().state()).isEqualTo(IdempotencyStore.State.IN_FLIGHT);
    d.getLifecycleService().terminate(); // a crash: no graceful leave
    // the lease runs on the key's partition owner, which may be any member: every one must have seen d go
    long deadline = System.currentTimeMillis() + 30_000;
    while (List.of(a, b, c).stream().anyMatch(m -> m.getCluster().getMembers().size() > 3)
        && System.currentTimeMillis() < deadline) {
      java.util.concurrent.locks.LockSupport.parkNanos(10_000_000L); // the pause between two looks
    }
    assertThat(List.of(a, b, c)).allSatisfy(m -> assertThat(m.getCluster().getMembers()).hasSize(3));
    IdempotencyStore.Entry taken = join(onA.reserve("left", window)).orElseThrow();
    assertThat(taken.state()).isEqualTo(IdempotencyStore.State.RESOLVE);
    assertThat(taken.sinceMs()).isBetween(before, System.currentTimeMillis());
    // the taker now owns it: a third attempt waits for it
    assertThat(join(new HazelcastIdempotencyStore(b).reserve("left", window)).orElseThrow().inFlight()).isTrue();
  }

  @Test
  void anUnknownOutcomeIsNeverReleasedAsUnwritten() {
    IdempotencyStore onA = new HazelcastIdempotencyStore(a);
    Duration window = Duration.ofMinutes(1);
    assertThat(join(onA.reserve("unk", window))).isEmpty();
    join(onA.markUnknown("unk", 1234, window));
    IdempotencyStore.Entry e = join(new HazelcastIdempotencyStore(b).reserve("unk", window)).orElseThrow();
    assertThat(e.state()).isEqualTo(IdempotencyStore.State.RESOLVE);
    assertThat(e.sinceMs()).isEqualTo(1234);
  }

  @Test
  void entriesExpireAfterTheirTtl() {
    var store = new HazelcastSessionStore(a, Duration.ofMillis(300));
    join(store.create(session("short")));
    long deadline = System.currentTimeMillis() + 10_000;
    while (join(store.get("short")).isPresent() && System.currentTimeMillis() < deadline) {
      Thread.onSpinWait();
    }
    assertThat(join(store.get("short"))).isEmpty();
  }

  @Test
  void busMessagesReachEveryMember() {
    var got = new CopyOnWriteArrayList<String>();
    new HazelcastClusterBus(b).subscribe("test", got::add);
    new HazelcastClusterBus(c).subscribe("test", got::add);
    new HazelcastClusterBus(a).publish("test", "hello");
    long deadline = System.currentTimeMillis() + 10_000;
    while (got.size() < 2 && System.currentTimeMillis() < deadline) {
      Thread.onSpinWait();
    }
    assertThat(got).containsExactly("hello", "hello");
  }

  /** Runs last by name order is not guaranteed; it only kills c, which no other test needs alone. */
  @Test
  void sessionsSurviveTheAbruptLossOfAMember() {
    var onA = new HazelcastSessionStore(a, Duration.ofMinutes(5));
    for (int i = 0; i < 200; i++) {
      join(onA.create(session("surv-" + i)));
    }
    c.getLifecycleService().terminate(); // no graceful migration: only backups can save the entries
    var onB = new HazelcastSessionStore(b, Duration.ofMinutes(5));
    for (int i = 0; i < 200; i++) {
      assertThat(join(onB.get("surv-" + i))).as("surv-" + i).isPresent();
    }
  }
}
