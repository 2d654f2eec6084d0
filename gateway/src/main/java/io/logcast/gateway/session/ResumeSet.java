package io.logcast.gateway.session;

import io.logcast.gateway.delivery.Subscription;
import io.logcast.gateway.protocol.Inbound;
import io.logcast.session.StoredSubscription;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/** What a resume restores: the union of the session's subscriptions and the client's. */
final class ResumeSet {
  private ResumeSet() {}

  /**
   * Each (topic, key) once; where both name one, per partition the larger offset, the client's
   * counting only under the stored epoch (a position of another epoch means nothing here).
   */
  static Collection<StoredSubscription> union(List<StoredSubscription> stored,
      List<Inbound.ResumeSubscription> presented) {
    Map<String, StoredSubscription> merged = new LinkedHashMap<>();
    stored.forEach(s -> merged.put(Subscription.target(s.topic(), s.key()), s));
    for (Inbound.ResumeSubscription p : presented) {
      String epoch = Objects.requireNonNullElse(p.epoch(), "");
      merged.merge(Subscription.target(p.topic(), p.key()), new StoredSubscription(p.topic(), p.key(), epoch,
          p.offsets()), (s, c) -> c.epoch().equals(s.epoch()) ? s.mergeAcked(s.epoch(), c.acked()) : s);
    }
    return merged.values();
  }
}
