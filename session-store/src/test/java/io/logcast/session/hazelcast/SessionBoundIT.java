package io.logcast.session.hazelcast;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.hazelcast.core.HazelcastInstance;
import io.logcast.session.IdempotencyStore;
import io.logcast.session.SessionRecord;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The session store's maps are bounded per member: past session.maxPerMember the least recently used
 * sessions go; past its key bound a member refuses new idempotency keys and still answers held ones.
 */
class SessionBoundIT {
  private static final List<String> MEMBERS = List.of("127.0.0.1:15851", "127.0.0.1:15852");
  private static final int BOUND = 1_000;
  private static final int CREATED = 6_000;
  private static final int NEWEST = 50;
  private static HazelcastInstance a;
  private static HazelcastInstance b;

  private static HazelcastSettings settings(int port) {
    return new HazelcastSettings(HazelcastSettings.Mode.EMBEDDED, "logcast-bound-it", MEMBERS, port, "127.0.0.1",
        null, 1, 1, BOUND);
  }

  @BeforeAll
  static void start() {
    System.setProperty("hazelcast.wait.seconds.before.join", "0");
    a = HazelcastMembers.start(settings(15851), "bound-a");
    b = HazelcastMembers.start(settings(15852), "bound-b");
    assertThat(a.getCluster().getMembers()).hasSize(2);
  }

  @AfterAll
  static void stop() {
    b.shutdown();
    a.shutdown();
  }

  @Test
  void helloChurnCannotGrowTheSessionsPastTheBoundAndTheNewestStayResumable() throws InterruptedException {
    HazelcastSessionStore store = new HazelcastSessionStore(a, Duration.ofMinutes(5));
    create(store, 0, CREATED - NEWEST);
    // Hazelcast keeps an entry's times in whole seconds and its LRU does not break ties: the newest
    // are written a second after the rest, so that "used last" means the same to it as here (when
    // they were not, one suite run on a slow box found 44 of these 50)
    Thread.sleep(1_100);
    create(store, CREATED - NEWEST, CREATED);
    long ownedA = a.getMap(HazelcastSessionStore.MAP).getLocalMapStats().getOwnedEntryCount();
    long ownedB = b.getMap(HazelcastSessionStore.MAP).getLocalMapStats().getOwnedEntryCount();
    System.out.printf("sessions created %d, owned by a %d, by b %d (bound %d per member)%n", CREATED, ownedA, ownedB,
        BOUND);
    // Hazelcast enforces the bound per partition (bound x members / partitions each), so a member
    // may sit a little under it, never far over
    assertThat(ownedA).isLessThanOrEqualTo(BOUND + BOUND / 10);
    assertThat(ownedB).isLessThanOrEqualTo(BOUND + BOUND / 10);
    assertThat(ownedA + ownedB).isLessThan(CREATED);
    // the last ones written were used last: they are all still there
    int found = 0;
    for (int i = CREATED - NEWEST; i < CREATED; i++) {
      found += store.get("s-" + i).toCompletableFuture().join().isPresent() ? 1 : 0;
    }
    assertThat(found).as("of the " + NEWEST + " newest sessions").isEqualTo(NEWEST);
  }

  /** Creates sessions s-{from} … s-{to - 1}, 200 in flight at most. */
  private static void create(HazelcastSessionStore store, int from, int to) {
    List<CompletableFuture<Void>> writes = new ArrayList<>();
    for (int i = from; i < to; i++) {
      writes.add(store.create(new SessionRecord("s-" + i, "anonymous", "hash", "node-a", 1, List.of(),
          System.currentTimeMillis())).toCompletableFuture());
      if (writes.size() == 200) {
        CompletableFuture.allOf(writes.toArray(CompletableFuture[]::new)).join();
        writes.clear();
      }
    }
    CompletableFuture.allOf(writes.toArray(CompletableFuture[]::new)).join();
  }

  @Test
  void pastItsKeyBoundAMemberRefusesNewIdempotencyKeysAndStillAnswersHeldOnes() {
    int keyBound = 100;
    HazelcastIdempotencyStore unbounded = new HazelcastIdempotencyStore(b);
    Duration window = Duration.ofMinutes(5);
    for (int i = 0; i < 4 * keyBound; i++) {
      String key = "bound\0t\0k" + i;
      join(unbounded.reserve(key, window));
      join(unbounded.complete(key, "[{\"partition\":0,\"offset\":" + i + "}]", window));
    }
    // member a owns about half of the 400 keys, over a bound of 100; a store made now counts them
    // at its first reserve (then each second) and refuses a new key
    HazelcastIdempotencyStore bounded = new HazelcastIdempotencyStore(a, keyBound);
    assertThatThrownBy(() -> join(bounded.reserve("bound\0t\0new", window)))
        .hasCauseInstanceOf(IdempotencyStore.Full.class);
    // a retry of a key the cluster holds is answered with its result, bound or not
    IdempotencyStore.Entry held = join(bounded.reserve("bound\0t\0k7", window)).orElseThrow();
    assertThat(held.state()).isEqualTo(IdempotencyStore.State.DONE);
    assertThat(held.result()).contains("\"offset\":7");
    // the other member, under its own bound, takes new keys
    assertThat(join(unbounded.reserve("bound\0t\0new", window))).isEmpty();
  }

  private static <T> T join(java.util.concurrent.CompletionStage<T> stage) {
    return stage.toCompletableFuture().join();
  }
}
