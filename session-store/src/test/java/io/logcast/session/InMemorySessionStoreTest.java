package io.logcast.session;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class InMemorySessionStoreTest {
  private final InMemorySessionStore store = new InMemorySessionStore(Duration.ofSeconds(60));

  private SessionRecord session(String id) {
    return new SessionRecord(id, "alice", Secrets.hash("s3cret"), "node-a", 1, List.of(), 1_000);
  }

  @Test
  void positionsMergeByPerPartitionMaximum() {
    store.create(session("s1"));
    store.putSubscription("s1", 1, new StoredSubscription("orders", null, "E1", Map.of(0, 10L, 1, 5L)));
    store.mergeAcked("s1", 1, "orders", null, "E1", Map.of(0, 7L, 1, 9L, 2, 3L));
    var sub = store.get("s1").toCompletableFuture().join().orElseThrow().subscriptions().get(0);
    assertThat(sub.acked()).containsExactlyInAnyOrderEntriesOf(Map.of(0, 10L, 1, 9L, 2, 3L));
  }

  @Test
  void staleGenerationCannotWriteAfterTakeover() {
    store.create(session("s2"));
    var claimed = store.claim("s2", "node-b", 2_000).toCompletableFuture().join().orElseThrow();
    assertThat(claimed.generation()).isEqualTo(2);
    assertThat(claimed.owner()).isEqualTo("node-b");
    boolean zombie = store
        .putSubscription("s2", 1, new StoredSubscription("orders", null, "E1", Map.of(0, 1L)))
        .toCompletableFuture().join();
    assertThat(zombie).isFalse();
    assertThat(store.get("s2").toCompletableFuture().join().orElseThrow().subscriptions()).isEmpty();
  }

  @Test
  void sessionExpiresAfterTtlFromLastDisconnect() {
    var shortLived = new InMemorySessionStore(Duration.ofMillis(1));
    long now = System.currentTimeMillis();
    shortLived.create(new SessionRecord("s3", "bob", "h", "n", 1, List.of(), now));
    shortLived.disconnected("s3", 1, now - 10_000);
    assertThat(shortLived.claim("s3", "n2", now).toCompletableFuture().join()).isEmpty();
  }

  @Test
  void secretsAreCheckedAgainstTheirHashOnly() {
    String secret = Secrets.newSecret();
    assertThat(Secrets.matches(secret, Secrets.hash(secret))).isTrue();
    assertThat(Secrets.matches(secret + "x", Secrets.hash(secret))).isFalse();
    assertThat(Secrets.matches(null, Secrets.hash(secret))).isFalse();
  }
}
