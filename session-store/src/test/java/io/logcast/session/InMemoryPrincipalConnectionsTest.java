package io.logcast.session;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class InMemoryPrincipalConnectionsTest {
  private final InMemoryPrincipalConnections conns = new InMemoryPrincipalConnections();

  private boolean acquire(String principal, String session, String holder, int limit) {
    return conns.acquire(principal, session, holder, limit).toCompletableFuture().join();
  }

  @Test
  void aPrincipalHoldsAtMostTheLimitAndOthersAreNotAffected() {
    assertThat(acquire("alice", "s1", "h1", 2)).isTrue();
    assertThat(acquire("alice", "s2", "h2", 2)).isTrue();
    assertThat(acquire("alice", "s3", "h3", 2)).isFalse();
    assertThat(acquire("bob", "s4", "h4", 2)).isTrue();
    assertThat(conns.held("alice")).isEqualTo(2);
  }

  @Test
  void aTakeoverIsNotCountedTwiceAndTheOldHoldersReleaseIsIgnored() {
    assertThat(acquire("alice", "s1", "old", 1)).isTrue();
    assertThat(acquire("alice", "s1", "new", 1)).isTrue();
    conns.release("alice", "s1", "old");
    assertThat(conns.held("alice")).isEqualTo(1);
    assertThat(acquire("alice", "s2", "h2", 1)).isFalse();
    conns.release("alice", "s1", "new");
    assertThat(conns.held("alice")).isZero();
    assertThat(acquire("alice", "s2", "h2", 1)).isTrue();
  }

  @Test
  void forgettingAProcessDropsOnlyItsHolders() {
    var held = new java.util.HashMap<String, String>();
    ConnectionsRule.acquire(held, "s1", "p1:1", 5);
    ConnectionsRule.acquire(held, "s2", "p2:1", 5);
    assertThat(ConnectionsRule.forget(held, "p1:")).isTrue();
    assertThat(held).containsOnlyKeys("s2");
    assertThat(ConnectionsRule.forget(held, "p1:")).isFalse();
  }
}
