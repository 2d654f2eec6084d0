// Acks of processed positions, batched at most every `ackIntervalMs` and flushed on close() and
// pagehide. They only matter when a client lost its own positions: the server then resumes from
// max(acked, presented). Each flush also saves the positions, so a reload resumes from them.

export class Acks {
  #lc;

  constructor(lc) {
    this.#lc = lc;
  }

  /** A processed position moved: ack it (and save it) with the next batch. */
  processed() {
    const lc = this.#lc;
    if (!lc._timers.has('ack') && lc.state !== 'closed') lc._timers.set('ack', lc._o.ackIntervalMs, () => this.flush());
  }

  flush() {
    const lc = this.#lc;
    lc._timers.clear('ack');
    if (lc._conn.welcomed) {
      for (const sub of lc._subs.values()) {
        // per concrete topic; a subscription shared (a topic subscribed directly and by a pattern):
        // what all of them processed
        const offsets = sub._live ? sub._positions.pendingAck(lc._subs.processed(sub).offsets) : null;
        if (!offsets) continue;
        lc._conn.send({ type: 'ack', topic: sub.topic, ...(sub.key != null && { key: sub.key }), offsets });
        sub._positions.markAcked(offsets);
      }
    }
    lc._store.save();
  }
}
