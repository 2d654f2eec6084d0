package io.logcast.session.hazelcast;

import static org.assertj.core.api.Assertions.assertThat;

import io.logcast.session.SessionRecord;
import io.logcast.session.StoredSubscription;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SessionMergeTest {
  private static SessionRecord session(String owner, long generation, long seenMs, StoredSubscription... subs) {
    return new SessionRecord("s1", "alice", "hash", owner, generation, List.of(subs), seenMs);
  }

  private static StoredSubscription sub(String epoch, Map<Integer, Long> acked) {
    return new StoredSubscription("t", null, epoch, acked);
  }

  @Test
  void higherGenerationWinsEitherWayAndAcksMergeByPartitionMaximum() {
    SessionRecord older = session("gw-old", 1, 500, sub("e1", Map.of(0, 10L, 1, 30L)));
    SessionRecord newer = session("gw-new", 3, 100, sub("e1", Map.of(0, 20L, 1, 15L, 2, 5L)));
    for (SessionRecord merged : List.of(SessionMerge.merge(older, newer), SessionMerge.merge(newer, older))) {
      assertThat(merged.generation()).isEqualTo(3);
      assertThat(merged.owner()).isEqualTo("gw-new");
      assertThat(merged.subscriptions()).hasSize(1);
      assertThat(merged.subscriptions().get(0).acked()).isEqualTo(Map.of(0, 20L, 1, 30L, 2, 5L));
      assertThat(merged.lastSeenMs()).isEqualTo(500);
    }
  }

  @Test
  void theWinnersSubscriptionsStandAndAnotherEpochsOffsetsAreNotMixedIn() {
    SessionRecord older = session("gw-old", 1, 100, sub("e0", Map.of(0, 99L)),
        new StoredSubscription("gone", null, "e1", Map.of(0, 1L)));
    SessionRecord newer = session("gw-new", 2, 100, sub("e1", Map.of(0, 3L)));
    SessionRecord merged = SessionMerge.merge(older, newer);
    assertThat(merged.subscriptions()).containsExactly(sub("e1", Map.of(0, 3L)));
  }

  @Test
  void onAGenerationTieTheLaterClaimWinsThenTheCopyAlreadyInTheCluster() {
    SessionRecord early = session("gw-early", 2, 100);
    SessionRecord late = session("gw-late", 2, 200);
    assertThat(SessionMerge.merge(early, late).owner()).isEqualTo("gw-late");
    assertThat(SessionMerge.merge(late, early).owner()).isEqualTo("gw-late");
    assertThat(SessionMerge.merge(session("gw-x", 2, 100), session("gw-y", 2, 100)).owner()).isEqualTo("gw-y");
  }

  @Test
  void aWriterWithANewerGenerationLiftsTheStoredOneAndAnOlderIsRefused() {
    SessionRecord stored = session("gw", 2, 100);
    assertThat(stored.acceptedFrom(1)).isNull();
    assertThat(stored.acceptedFrom(2)).isSameAs(stored);
    assertThat(stored.acceptedFrom(4).generation()).isEqualTo(4);
  }
}
