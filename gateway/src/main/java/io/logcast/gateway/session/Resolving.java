package io.logcast.gateway.session;

import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.Map;

/**
 * A connection's subscriptions still being resolved (topic metadata, start positions), and the
 * requests on the same target that arrived meanwhile. Those wait and run in the order sent, so
 * subscribe-then-unsubscribe means what it says even when the subscribe has not finished.
 */
final class Resolving {
  /** Requests one target may have waiting; more is a client looping, not a user. */
  static final int MAX_WAITING_PER_TARGET = 16;

  private final Map<String, ArrayDeque<Runnable>> targets = new HashMap<>();

  boolean contains(String target) {
    return targets.containsKey(target);
  }

  int size() {
    return targets.size();
  }

  void add(String target) {
    targets.put(target, new ArrayDeque<>(0));
  }

  /** Queues {@code request} if the target is resolving; false when it can run now. */
  boolean defer(String target, Runnable request) {
    ArrayDeque<Runnable> waiting = targets.get(target);
    if (waiting == null) {
      return false;
    }
    if (waiting.size() >= MAX_WAITING_PER_TARGET) {
      throw io.logcast.gateway.protocol.ProtocolError
          .limit("at most " + MAX_WAITING_PER_TARGET + " requests may wait on one subscription").exception();
    }
    waiting.add(request);
    return true;
  }

  /** The target's resolution ended: run what waited, until one of them starts resolving it again. */
  void settle(String target) {
    ArrayDeque<Runnable> waiting = targets.remove(target);
    while (waiting != null && !waiting.isEmpty()) {
      waiting.poll().run();
      ArrayDeque<Runnable> again = targets.get(target);
      if (again != null) {
        again.addAll(waiting);
        return;
      }
    }
  }

  void clear() {
    targets.clear();
  }
}
