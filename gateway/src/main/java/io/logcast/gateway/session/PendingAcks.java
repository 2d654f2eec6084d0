package io.logcast.gateway.session;

import io.logcast.gateway.delivery.Subscription;
import io.logcast.gateway.protocol.ProtocolError;
import io.logcast.session.AckedPositions;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;

/**
 * A connection's acks not yet written to the session store, per subscription: each capped at what
 * was delivered, so a client can never make a resume skip records it was not sent.
 */
final class PendingAcks {
  private final Map<String, Map<Integer, Long>> acks = new HashMap<>();

  void add(Subscription sub, Map<Integer, Long> offsets) {
    Map<Integer, Long> pending = acks.computeIfAbsent(sub.target(), t -> new TreeMap<>());
    offsets.forEach((p, o) -> {
      if (p >= sub.partitions()) {
        throw ProtocolError.badRequest("ack names partition " + p + " but the topic has " + sub.partitions())
            .exception();
      }
      pending.merge(p, Math.min(o, sub.cursor(p)), Math::max);
    });
  }

  void forget(String target) {
    acks.remove(target);
  }

  boolean isEmpty() {
    return acks.isEmpty();
  }

  /** Moves the acks of subscriptions still held ({@code subs}: target → subscription) into {@code batch}. */
  void drain(String sessionId, long generation, Function<String, Subscription> subs, List<AckedPositions> batch) {
    acks.forEach((target, offsets) -> {
      Subscription sub = subs.apply(target);
      if (sub != null) {
        batch.add(new AckedPositions(sessionId, generation, sub.topic(), sub.key(), sub.epoch(), offsets));
      }
    });
    acks.clear();
  }
}
