// The position of one subscription (topic + key): the topic epoch and, per partition, three
// "next offset" maps (Kafka's committed-offset meaning: last offset + 1).
//   next      — received: drops duplicates, and is what a resume presents to the server
//   processed — handed to the application and done with: what is acked and persisted
//   acked     — last value sent in an `ack`
// Positions are per subscription because the server's cursor is: a keyed and a whole-topic
// subscription of the same topic advance independently.

const copy = (m) => Object.assign({}, m);

export class Positions {
  /** @param {string|null} [epoch] @param {Record<string, number>} [offsets] a saved position */
  constructor(epoch = null, offsets = {}) {
    this.epoch = epoch;
    this.next = copy(offsets);
    this.processed = copy(offsets);
    this.acked = {};
  }

  /** True when there is a position the server can start from (needs an epoch). */
  get known() {
    return this.epoch != null;
  }

  /**
   * Applies a `subscribed`: its `offsets` are the server's full start position. Returns true when
   * the epoch changed (topic re-created): the old offsets meant nothing and are dropped.
   * @param {string} epoch
   * @param {Record<string, number>} offsets
   * @param {boolean} authoritative take the server's offsets even when lower than ours
   *   (reason "future": the log was truncated below our position, so those offsets are new records)
   */
  start(epoch, offsets = {}, authoritative = false) {
    const changed = this.epoch != null && epoch !== this.epoch;
    if (changed) this.reset();
    this.epoch = epoch;
    for (const [p, o] of Object.entries(offsets)) {
      const before = this.next[p];
      if (authoritative) {
        this.next[p] = o;
        this.processed[p] = Math.min(this.processed[p] ?? o, o);
        if (this.acked[p] > o) this.acked[p] = o;
        continue;
      }
      if (before === undefined || o > before) this.next[p] = o;
      // Nothing received is waiting to be processed on this partition: the start is processed too.
      // (When messages are still buffered, processing them moves `processed` on.)
      if (this.processed[p] === undefined || this.processed[p] === before) {
        this.processed[p] = Math.max(this.processed[p] ?? o, o);
      }
    }
    return changed;
  }

  /**
   * A snapshot's `subscribed`: its `offsets` (the snapshot's cut) are the whole new start, received
   * and processed (nothing before the cut is delivered as a position moves: snapshot records are
   * not positioned). Returns true when the epoch changed.
   * @param {string} epoch
   * @param {Record<string, number>} offsets
   */
  restart(epoch, offsets = {}) {
    const changed = this.epoch != null && epoch !== this.epoch;
    this.epoch = epoch;
    this.next = copy(offsets);
    this.processed = copy(offsets);
    this.acked = {};
    return changed;
  }

  reset() {
    this.next = {};
    this.processed = {};
    this.acked = {};
  }

  /** A message arrived: false if it is a duplicate (at or below what was already received). */
  accept(partition, offset) {
    const n = this.next[partition];
    if (n !== undefined && offset < n) return false;
    this.next[partition] = offset + 1;
    return true;
  }

  /** A `gap`: the range up to `to` (exclusive) will never come. Returns false if already past it. */
  passGap(partition, to) {
    const n = this.next[partition];
    if (n !== undefined && n >= to) return false;
    this.next[partition] = to;
    return true;
  }

  /** The application is done with everything below `next` on `partition`. */
  done(partition, next) {
    if (!(this.processed[partition] >= next)) this.processed[partition] = next;
  }

  /**
   * Offsets processed since the last ack, or null when there is nothing new to ack.
   * @param {Record<string, number>} [processed] what counts as processed (default this one's)
   */
  pendingAck(processed = this.processed) {
    let out = null;
    for (const [p, o] of Object.entries(processed)) {
      if (!(this.acked[p] >= o)) (out ??= {})[p] = o;
    }
    return out;
  }

  markAcked(offsets) {
    for (const [p, o] of Object.entries(offsets)) if (!(this.acked[p] >= o)) this.acked[p] = o;
  }

  /** @param {'next'|'processed'} which */
  snapshot(which = 'next') {
    return { epoch: this.epoch, offsets: copy(this[which]) };
  }
}

/**
 * Per partition, the lowest of several processed maps (subscriptions sharing one server
 * subscription: what all of them are done with). A map without a partition does not hold it back.
 * @param {Array<Record<string, number>>} maps
 */
export function lowest(maps) {
  const out = {};
  for (const m of maps) {
    for (const [p, o] of Object.entries(m)) if (!(out[p] <= o)) out[p] = o;
  }
  return out;
}
