package io.logcast.session;

import java.util.Map;
import java.util.TreeMap;

/**
 * A subscription as the session store keeps it: where the client is, per partition.
 *
 * @param key   record key filter, or null for the whole topic
 * @param epoch the topic id the offsets belong to
 * @param acked per partition, the next offset the client has not yet acknowledged
 */
public record StoredSubscription(String topic, String key, String epoch, Map<Integer, Long> acked) {
  public StoredSubscription {
    acked = Map.copyOf(acked);
  }

  public boolean sameTarget(String otherTopic, String otherKey) {
    return topic.equals(otherTopic) && java.util.Objects.equals(key, otherKey);
  }

  /** Positions only move forward: per partition, the larger offset wins. */
  public StoredSubscription mergeAcked(String newEpoch, Map<Integer, Long> next) {
    if (!epoch.equals(newEpoch)) {
      return new StoredSubscription(topic, key, newEpoch, next);
    }
    Map<Integer, Long> merged = new TreeMap<>(acked);
    next.forEach((p, o) -> merged.merge(p, o, Math::max));
    return new StoredSubscription(topic, key, epoch, merged);
  }
}
