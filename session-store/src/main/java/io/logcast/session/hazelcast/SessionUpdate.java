package io.logcast.session.hazelcast;

import com.hazelcast.map.EntryProcessor;
import com.hazelcast.map.ExtendedMapEntry;
import io.logcast.session.SessionRecord;
import io.logcast.session.StoredSubscription;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Atomic, generation-checked updates of one session, run on the member that owns its partition
 * (and on its backups). Every write restarts the entry's expiry clock.
 */
abstract class SessionUpdate implements EntryProcessor<String, SessionRecord, Object>, Serializable {
  private static final long serialVersionUID = 1L;
  /** A stale writer (older generation) gets this: nothing changed. */
  static final Boolean REFUSED = Boolean.FALSE;

  final long generation;
  final long ttlMs;

  SessionUpdate(long generation, long ttlMs) {
    this.generation = generation;
    this.ttlMs = ttlMs;
  }

  @Override
  public Object process(Map.Entry<String, SessionRecord> entry) {
    SessionRecord s = entry.getValue();
    if (s == null) {
      return null;
    }
    if (s.generation() != generation) {
      return REFUSED;
    }
    ((ExtendedMapEntry<String, SessionRecord>) entry).setValue(apply(s), ttlMs, TimeUnit.MILLISECONDS);
    return Boolean.TRUE;
  }

  abstract SessionRecord apply(SessionRecord s);

  static List<StoredSubscription> without(SessionRecord s, String topic, String key) {
    List<StoredSubscription> subs = new ArrayList<>(s.subscriptions());
    subs.removeIf(x -> x.sameTarget(topic, key));
    return subs;
  }

  static final class PutSubscription extends SessionUpdate {
    private static final long serialVersionUID = 1L;
    private final StoredSubscription sub;

    PutSubscription(long generation, long ttlMs, StoredSubscription sub) {
      super(generation, ttlMs);
      this.sub = sub;
    }

    @Override
    SessionRecord apply(SessionRecord s) {
      List<StoredSubscription> subs = without(s, sub.topic(), sub.key());
      subs.add(sub);
      return s.withSubscriptions(subs);
    }
  }

  static final class RemoveSubscription extends SessionUpdate {
    private static final long serialVersionUID = 1L;
    private final String topic;
    private final String key;

    RemoveSubscription(long generation, long ttlMs, String topic, String key) {
      super(generation, ttlMs);
      this.topic = topic;
      this.key = key;
    }

    @Override
    SessionRecord apply(SessionRecord s) {
      return s.withSubscriptions(without(s, topic, key));
    }
  }

  /** Positions only move forward: per partition, the larger offset wins. */
  static final class MergeAcked extends SessionUpdate {
    private static final long serialVersionUID = 1L;
    private final String topic;
    private final String key;
    private final String epoch;
    private final Map<Integer, Long> next;

    MergeAcked(long generation, long ttlMs, String topic, String key, String epoch, Map<Integer, Long> next) {
      super(generation, ttlMs);
      this.topic = topic;
      this.key = key;
      this.epoch = epoch;
      this.next = new java.util.TreeMap<>(next);
    }

    @Override
    SessionRecord apply(SessionRecord s) {
      List<StoredSubscription> subs = new ArrayList<>(s.subscriptions());
      subs.replaceAll(x -> x.sameTarget(topic, key) ? x.mergeAcked(epoch, next) : x);
      return s.withSubscriptions(subs);
    }
  }

  /** Restarts the expiry clock: connected sessions are touched periodically, disconnected ones once. */
  static final class Touch extends SessionUpdate {
    private static final long serialVersionUID = 1L;
    private final long nowMs;

    Touch(long generation, long ttlMs, long nowMs) {
      super(generation, ttlMs);
      this.nowMs = nowMs;
    }

    @Override
    SessionRecord apply(SessionRecord s) {
      return s.seenAt(nowMs);
    }
  }

  /** Takeover by a new connection: generation + 1; returns the new record (null if unknown). */
  static final class Claim implements EntryProcessor<String, SessionRecord, SessionRecord>, Serializable {
    private static final long serialVersionUID = 1L;
    private final String owner;
    private final long nowMs;
    private final long ttlMs;

    Claim(String owner, long nowMs, long ttlMs) {
      this.owner = owner;
      this.nowMs = nowMs;
      this.ttlMs = ttlMs;
    }

    @Override
    public SessionRecord process(Map.Entry<String, SessionRecord> entry) {
      SessionRecord s = entry.getValue();
      if (s == null) {
        return null;
      }
      SessionRecord claimed = s.claimedBy(owner, nowMs);
      ((ExtendedMapEntry<String, SessionRecord>) entry).setValue(claimed, ttlMs, TimeUnit.MILLISECONDS);
      return claimed;
    }
  }
}
