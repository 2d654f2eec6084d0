// The server's answers to subscribe requests and restores: `subscribed` (ours, with an id, or a
// restore from the session, without), a refusal, and an `error` that answers no request of ours but
// may name a subscription. The subscriptions themselves are registry.js's.
//
// Snapshots (`from: "snapshot"`, subscription.js): the server stores a snapshot subscription at the
// snapshot's cut, and a resume restores it from there, without a snapshot. So until its `snapshot`
// object arrived, a snapshot subscription the server restores (or starts from anything but a new
// snapshot) is undone there and subscribed again `from: "snapshot"`: the application gets a new
// snapshot ("snapshotStart"), never a partial one followed by the live stream.
import { subKey } from './subscription.js';
import { consumers } from './registry.js';
import { reconnectDelay } from './backoff.js';

/** Error codes worth retrying a subscribe for (the request was fine, the moment was not). */
export const RETRYABLE = new Set(['unavailable', 'rate_limited', 'internal']);
/** How often a subscribe answered `bad_request` (normally "already subscribed") is tried again. */
const MAX_RESTORE_WAITS = 3;

export class Answers {
  #lc;
  #undone = new Set(); // targets we unsubscribed on the server while a new subscribe was in flight

  constructor(lc) {
    this.#lc = lc;
  }

  /** A `subscribed`: the reply to our subscribe (with id), or a restore from the session (without). */
  subscribed(m) {
    const lc = this.#lc;
    const subs = lc._subs;
    const k = subKey(m.topic, m.key);
    let sub = m.id != null ? holding(lc._requests.take(m.id, 'subscribe')?.sub) : subs.holder(m.topic, m.key);
    // A topic we do not hold: a pattern's (new topic, or restored with the pattern), if one matches it.
    if (!sub && m.id == null) sub = lc._patterns.adopt(m.topic, m.key ?? null);
    if (!sub && subs.holder(m.topic, m.key)?._live) return; // a stale reply; ours is running
    if (!sub || !subs.has(sub)) {
      if (lc._patterns.undoing(m.topic, m.key ?? null)) return; // its pattern's unsubscribe ends it
      // Unsubscribed meanwhile, or restored from the session but no longer wanted.
      lc._conn.send({ type: 'unsubscribe', id: lc._requests.nextId(), topic: m.topic, ...(m.key != null && { key: m.key }) });
      // A new subscription to the same target (React StrictMode: subscribe, unsubscribe, subscribe)
      // was or will be refused as "already subscribed"; after this unsubscribe it can go through.
      const current = subs.holder(m.topic, m.key);
      if (current && !current._live) {
        if (current._pending) this.#undone.add(k);
        else {
          lc._handshake.drop(current);
          subs.send(current);
        }
      }
      return;
    }
    if (needsNewSnapshot(sub, m, sub._live)) {
      this.#newSnapshot(sub, m);
      return;
    }
    if (sub._live) {
      // The topic was deleted and re-created under a live subscription: the server restarts it on
      // the new log (no id, a new epoch); our positions of the old log mean nothing any more.
      if (m.id == null && m.epoch != null && m.epoch !== sub._positions.epoch) {
        for (const s of consumers(sub)) s._subscribed(m);
        lc._store.save();
      }
      return; // otherwise the restored one and our own request both answered: the first one counts
    }
    sub._pending = null;
    sub._restoreWaits = 0;
    sub._retries = 0;
    lc._handshake.restored(sub);
    for (const s of consumers(sub)) s._subscribed(m);
    lc._patterns.adopt(m.topic, m.key ?? null); // patterns that match it and do not have it yet share it
    if (sub._positions.pendingAck()) lc._acks.processed();
    lc._store.save();
  }

  /**
   * `m` started `sub`, a snapshot subscription, where its snapshot cannot continue (see
   * needsNewSnapshot): undone on the server, then subscribed again for a new snapshot
   * (at once, or once the server refused our subscribe in flight as "already subscribed").
   */
  #newSnapshot(sub, m) {
    const lc = this.#lc;
    const k = subKey(sub.topic, sub.key);
    if (m.id != null) sub._pending = null; // the answer to our request
    for (const s of consumers(sub)) s._live = false;
    sub._snapshot = 'wanted'; // also one that completed: the state it built cannot go on from here
    lc._conn.send({ type: 'unsubscribe', id: lc._requests.nextId(), topic: m.topic, ...(m.key != null && { key: m.key }) });
    if (sub._pending) {
      this.#undone.add(k);
      return;
    }
    lc._handshake.drop(sub);
    lc._subs.send(sub);
  }

  /** An `error` answering none of our requests: it may name a subscription the server dropped. */
  unclaimedError(m, err) {
    const lc = this.#lc;
    const named = m.id == null && typeof m.topic === 'string' ? lc._subs.holder(m.topic, m.key) : null;
    if (named && lc._handshake.isRestoring(named)) {
      lc._handshake.drop(named);
      lc._subs.send(named); // a restore that failed: our own subscribe gets the real answer
    } else if (named?._live) {
      lc._subs.end(named, err); // a refreshed token no longer allows it
      return;
    }
    // A topic a pattern matched but that could not be subscribed: the pattern reports it.
    if (!named && m.id == null && typeof m.topic === 'string' && lc._patterns.claim(m, err)) return;
    // id null: an ack, a bad object, or a subscription the resume could not restore
    if (!named && m.id == null) lc._handshake.unnamedError();
    lc.emit('error', err);
  }

  failed(sub, err) {
    const lc = this.#lc;
    sub = holding(sub);
    sub._pending = null;
    if (sub._live || !lc._subs.has(sub)) return;
    if (err.code === 'bad_request' && this.#undone.delete(subKey(sub.topic, sub.key))) {
      lc._subs.send(sub); // the target was just unsubscribed: this time it goes through
      return;
    }
    // A snapshot refused as such (topic not compacted, snapshots off): no point in asking again.
    const refusedSnapshot = sub._snapshot === 'requested' && !/already subscribed/i.test(err.message);
    if (err.code === 'bad_request' && !refusedSnapshot && (sub._restoreWaits = (sub._restoreWaits ?? 0) + 1) <= MAX_RESTORE_WAITS) {
      // Almost always "already subscribed": the server is still restoring it from the session, or
      // an earlier subscription to the same target is still being undone. Wait, then ask again.
      lc._handshake.awaitRestore(sub);
      return;
    }
    if (RETRYABLE.has(err.code)) {
      const ws = lc._conn.ws;
      const delay = reconnectDelay('retry', (sub._retries = (sub._retries ?? 0) + 1) - 1, lc._o.backoff, lc._random);
      sub._retryTimer = lc._clock.setTimeout(() => {
        if (ws === lc._conn.ws && lc._conn.welcomed && !sub._live && !sub._pending && lc._subs.has(sub)) lc._subs.send(sub);
      }, delay);
      lc.emit('error', err);
      return;
    }
    lc._subs.end(sub, err);
  }

  /** The connection is gone: what was undone on it is of no concern to the next one. */
  lost() {
    this.#undone.clear();
  }
}

/**
 * `m` cannot continue `sub`, a `from: "snapshot"` subscription, which then needs a new snapshot: one
 * restored at the cut of a snapshot that did not complete (a resume restores a position, never a
 * snapshot), or, after it completed, a start that may have missed records (`recovered: false`: the
 * topic re-created, records gone). `live`: it came for a live subscription.
 */
function needsNewSnapshot(sub, m, live) {
  if (!sub._snapshot) return false;
  if (live) return m.id == null && m.epoch != null && m.epoch !== sub._positions.epoch; // topic re-created
  if (sub._snapshot === 'complete') return m.recovered === false;
  return !(sub._snapshot === 'requested' && m.id != null);
}

/** The subscription now holding what `sub` held (it left, a sharer took over). */
function holding(sub) {
  while (sub?._successor) sub = sub._successor;
  return sub ?? null;
}
