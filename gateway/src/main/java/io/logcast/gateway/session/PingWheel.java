package io.logcast.gateway.session;

import java.util.ArrayList;
import java.util.List;

/**
 * A loop's connections spread over the slots of one heartbeat interval. Each housekeeping pass
 * visits the next slot only, so every connection is visited once per interval and an idle loop with
 * thousands of connections does not walk them all (cache misses on every one) twice a second.
 */
final class PingWheel<T> {
  private final List<List<T>> slots;
  private int next;

  /** {@code slots}: passes per heartbeat interval (at least 1). */
  PingWheel(int slots) {
    this.slots = new ArrayList<>(Math.max(1, slots));
    for (int i = 0; i < Math.max(1, slots); i++) {
      this.slots.add(new ArrayList<>());
    }
  }

  void add(T c) {
    slotOf(c).add(c);
  }

  void remove(T c) {
    slotOf(c).remove(c);
  }

  /** The connections of the next slot, in turn: not to be changed while iterated. */
  List<T> turn() {
    List<T> slot = slots.get(next);
    next = (next + 1) % slots.size();
    return slot;
  }

  /** The identity hash is stable for the object's life and spreads connections evenly, without a field. */
  private List<T> slotOf(T c) {
    return slots.get(Math.floorMod(System.identityHashCode(c), slots.size()));
  }
}
