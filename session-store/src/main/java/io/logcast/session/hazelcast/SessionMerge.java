package io.logcast.session.hazelcast;

import io.logcast.session.SessionRecord;
import io.logcast.session.StoredSubscription;
import java.util.ArrayList;
import java.util.List;

/**
 * How two copies of one session, written on both sides of a split brain, become one: the copy with
 * the higher generation (the newest holder) wins; on a tie (both sides claimed once: only possible
 * without split-brain protection) the later claim or touch wins, then the copy already in the
 * cluster. The winner's subscriptions stand (its holder subscribed and unsubscribed last), with
 * acknowledged positions merged by per-partition maximum, as live acks are: a position the client
 * acknowledged on the losing side is still processed, so it never moves back.
 */
final class SessionMerge {
  private SessionMerge() {}

  static SessionRecord merge(SessionRecord merging, SessionRecord existing) {
    if (existing == null) {
      return merging;
    }
    if (merging == null) {
      return existing;
    }
    boolean mergingWins = merging.generation() > existing.generation()
        || merging.generation() == existing.generation() && merging.lastSeenMs() > existing.lastSeenMs();
    SessionRecord winner = mergingWins ? merging : existing;
    SessionRecord loser = mergingWins ? existing : merging;
    List<StoredSubscription> subs = new ArrayList<>(winner.subscriptions().size());
    for (StoredSubscription w : winner.subscriptions()) {
      subs.add(loser.subscriptions().stream()
          .filter(l -> l.sameTarget(w.topic(), w.key()) && l.epoch().equals(w.epoch()))
          .findFirst()
          .map(l -> w.mergeAcked(w.epoch(), l.acked()))
          .orElse(w));
    }
    return new SessionRecord(winner.id(), winner.principal(), winner.secretHash(), winner.owner(),
        winner.generation(), subs, Math.max(winner.lastSeenMs(), loser.lastSeenMs()));
  }
}
