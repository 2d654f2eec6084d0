package io.logcast.session.hazelcast;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.splitbrainprotection.SplitBrainProtectionException;
import io.logcast.session.AckedPositions;
import io.logcast.session.SessionRecord;
import io.logcast.session.StoredSubscription;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionStage;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Three real members over TCP with split-brain protection at 2 (a majority), split 2 | 1 and healed:
 * the minority refuses resumes and idempotency keys but keeps its holders' acks, and the merge
 * keeps the newest holder with every acknowledged position.
 */
class SplitBrainIT {
  private static final List<String> MEMBERS = List.of("127.0.0.1:15831", "127.0.0.1:15832", "127.0.0.1:15833");
  /**
   * Short, so that the wait after the merge crosses it several times; longer than the split's
   * detection (8 s without heartbeats) and the minority's checks after it, or the entry expires
   * on the minority side before its holder touches it.
   */
  private static final Duration TTL = Duration.ofSeconds(16);
  private static HazelcastInstance a;
  private static HazelcastInstance b;
  private static HazelcastInstance c;

  private static HazelcastSettings settings(int port) {
    // backups on every member: each side of the split has every session
    return new HazelcastSettings(HazelcastSettings.Mode.EMBEDDED, "logcast-split-it", MEMBERS, port, "127.0.0.1",
        null, 2, 2);
  }

  @BeforeAll
  static void start() {
    System.setProperty("hazelcast.wait.seconds.before.join", "0");
    a = Firewall.start(settings(15831), "split-a");
    b = Firewall.start(settings(15832), "split-b");
    c = Firewall.start(settings(15833), "split-c");
    await(() -> c.getCluster().getMembers().size() == 3, "the cluster forms");
  }

  @AfterAll
  static void stop() {
    for (HazelcastInstance hz : java.util.Arrays.asList(a, b, c)) {
      if (hz != null && hz.getLifecycleService().isRunning()) {
        hz.getLifecycleService().terminate();
      }
    }
  }

  @Test
  void minorityRefusesClaimsAndKeysThenTheMergeKeepsTheNewestHolderWithMaxAcks() throws Exception {
    var onA = new HazelcastSessionStore(a, TTL);
    var onC = new HazelcastSessionStore(c, TTL);
    long now = System.currentTimeMillis();
    join(onA.create(new SessionRecord("s1", "alice", "hash", "gw-c", 1,
        List.of(new StoredSubscription("t", null, "e1", Map.of(0, 10L, 1, 10L))), now)));
    assertThat(new ClusterSafety(a).await(Duration.ofSeconds(30))).isTrue();

    // the holder's touch just before the split: the entry's TTL runs from here, not from its creation
    assertThat(join(onA.touch("s1", 1, System.currentTimeMillis()))).isTrue();
    Firewall.cut(a, c);
    Firewall.cut(b, c);
    await(() -> a.getCluster().getMembers().size() == 2 && c.getCluster().getMembers().size() == 1, "the split");

    // minority: no resume, no idempotency key; the holder it already had keeps acking
    assertThatThrownBy(() -> join(onC.claim("s1", "gw-c2", System.currentTimeMillis())))
        .hasRootCauseInstanceOf(SplitBrainProtectionException.class);
    assertThatThrownBy(() -> join(new HazelcastIdempotencyStore(c).reserve("alice\0t\0k1", Duration.ofMinutes(1))))
        .hasRootCauseInstanceOf(SplitBrainProtectionException.class);
    join(onC.mergeAckedAll(List.of(new AckedPositions("s1", 1, "t", null, "e1", Map.of(1, 30L)))));
    assertThat(join(onC.touch("s1", 1, System.currentTimeMillis()))).isTrue();

    // majority: the client resumes here (generation 2) and acks
    assertThat(join(onA.claim("s1", "gw-a", System.currentTimeMillis())).orElseThrow().generation()).isEqualTo(2);
    assertThat(join(onA.mergeAcked("s1", 2, "t", null, "e1", Map.of(0, 20L, 1, 15L)))).isTrue();
    var keysOnA = new HazelcastIdempotencyStore(a);
    assertThat(join(keysOnA.reserve("alice\0t\0k1", Duration.ofMinutes(1)))).isEmpty();
    join(keysOnA.complete("alice\0t\0k1", "[{\"offset\":7}]", Duration.ofMinutes(1)));

    Firewall.heal(a, c);
    Firewall.heal(b, c);
    await(() -> c.getCluster().getMembers().size() == 3 && a.getCluster().getMembers().size() == 3, "the merge");
    assertThat(new ClusterSafety(a).await(Duration.ofSeconds(30))).isTrue();

    // the smaller side's entries go through the merge policy after it rejoined
    var onB = new HazelcastSessionStore(b, TTL);
    await(() -> join(onB.get("s1")).orElseThrow().subscriptions().get(0).acked().get(1) == 30L, "entries merged");
    SessionRecord merged = join(onB.get("s1")).orElseThrow();
    assertThat(merged.generation()).isEqualTo(2);
    assertThat(merged.owner()).isEqualTo("gw-a");
    assertThat(merged.subscriptions().get(0).acked()).isEqualTo(Map.of(0, 20L, 1, 30L));
    assertThat(join(keysOnA.reserve("alice\0t\0k1", Duration.ofMinutes(1))).orElseThrow().result())
        .isEqualTo("[{\"offset\":7}]");

    // after the merge: the old holder is refused, the current one's acks and touches persist past the TTL
    assertThat(join(onA.mergeAcked("s1", 1, "t", null, "e1", Map.of(0, 99L)))).isFalse();
    var onC2 = new HazelcastSessionStore(c, TTL);
    long until = System.currentTimeMillis() + 2 * TTL.toMillis() + 1_000;
    long offset = 21;
    while (System.currentTimeMillis() < until) {
      assertThat(join(onC2.touch("s1", 2, System.currentTimeMillis()))).isTrue();
      join(onC2.mergeAckedAll(List.of(new AckedPositions("s1", 2, "t", null, "e1", Map.of(0, offset++)))));
      Thread.sleep(TTL.toMillis() / 3);
    }
    SessionRecord later = join(onA.get("s1")).orElseThrow();
    assertThat(later.generation()).isEqualTo(2);
    assertThat(later.subscriptions().get(0).acked()).isEqualTo(Map.of(0, offset - 1, 1, 30L));
  }

  private static <T> T join(CompletionStage<T> stage) {
    return stage.toCompletableFuture().join();
  }

  private static void await(BooleanSupplier condition, String what) {
    long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("timed out waiting for " + what);
      }
      try {
        Thread.sleep(200);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AssertionError(e);
      }
    }
  }
}
