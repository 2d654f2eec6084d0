package io.logcast.session.hazelcast;

import static org.assertj.core.api.Assertions.assertThat;

import com.hazelcast.core.HazelcastInstance;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Per-principal connection counts over real members: one count for the whole cluster. */
class HazelcastPrincipalConnectionsIT {
  private static final List<String> MEMBERS = List.of("127.0.0.1:15811", "127.0.0.1:15812", "127.0.0.1:15813");
  private static final long MEMBER_GONE_WAIT_MS = 30_000;
  private static HazelcastInstance a;
  private static HazelcastInstance b;

  private static HazelcastInstance member(int port, String name) {
    return HazelcastMembers.start(
        new HazelcastSettings(HazelcastSettings.Mode.EMBEDDED, "logcast-conns-it", MEMBERS, port, "127.0.0.1", null, 1),
        name);
  }

  @BeforeAll
  static void start() {
    System.setProperty("hazelcast.wait.seconds.before.join", "0");
    a = member(15811, "conns-a");
    b = member(15812, "conns-b");
  }

  @AfterAll
  static void stop() {
    a.shutdown();
    b.shutdown();
  }

  private static boolean acquire(HazelcastPrincipalConnections c, String principal, String session, int limit) {
    return c.acquire(principal, session, c.holderPrefix() + session, limit).toCompletableFuture().join();
  }

  @Test
  void theLimitHoldsAcrossMembersAndATakeoverReplacesItsHolder() {
    var onA = new HazelcastPrincipalConnections(a);
    var onB = new HazelcastPrincipalConnections(b);
    assertThat(acquire(onA, "alice", "s1", 2)).isTrue();
    assertThat(acquire(onB, "alice", "s2", 2)).isTrue();
    assertThat(acquire(onB, "alice", "s3", 2)).isFalse();
    // s1 resumed on b: still two sessions; a's late release of its old holder changes nothing
    assertThat(onB.acquire("alice", "s1", onB.holderPrefix() + "x", 2).toCompletableFuture().join()).isTrue();
    onA.release("alice", "s1", onA.holderPrefix() + "s1").toCompletableFuture().join();
    assertThat(acquire(onA, "alice", "s3", 2)).isFalse();
    onB.release("alice", "s1", onB.holderPrefix() + "x").toCompletableFuture().join();
    assertThat(acquire(onA, "alice", "s3", 2)).isTrue();
  }

  @Test
  void aCrashedMembersPlacesAreGivenBack() throws InterruptedException {
    HazelcastInstance c = member(15813, "conns-c");
    var onC = new HazelcastPrincipalConnections(c);
    var onA = new HazelcastPrincipalConnections(a);
    assertThat(acquire(onC, "bob", "b1", 1)).isTrue();
    assertThat(acquire(onA, "bob", "b2", 1)).isFalse();
    c.getLifecycleService().terminate(); // no goodbye: like a killed process
    long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(MEMBER_GONE_WAIT_MS);
    boolean admitted = false;
    while (!admitted && System.nanoTime() < deadline) {
      admitted = acquire(onA, "bob", "b2", 1);
      if (!admitted) {
        Thread.sleep(200);
      }
    }
    assertThat(admitted).as("bob's place held by the crashed member is given back").isTrue();
  }
}
