// The client's subscriptions, one per (topic, key): their subscribe and unsubscribe requests and the
// answers, and which subscription a message belongs to. Restoring subscriptions after a resume is
// the handshake's part (handshake.js).
import { Subscription, subKey } from './subscription.js';
import { LogcastError } from './errors.js';
import { reconnectDelay } from './backoff.js';

/** Error codes worth retrying a subscribe for (the request was fine, the moment was not). */
const RETRYABLE = new Set(['unavailable', 'rate_limited', 'internal']);
/** How often a subscribe answered `bad_request` (normally "already subscribed") is tried again. */
const MAX_RESTORE_WAITS = 3;

export class Registry {
  #lc;
  #subs = new Map(); // subKey → Subscription
  #undone = new Set(); // targets we unsubscribed on the server while a new subscribe was in flight

  constructor(lc) {
    this.#lc = lc;
  }

  values() {
    return this.#subs.values();
  }

  /** `sub` is still the application's subscription to its target (not left, not replaced). */
  has(sub) {
    return this.#subs.get(subKey(sub.topic, sub.key)) === sub;
  }

  add(topic, options) {
    if (typeof topic !== 'string' || topic === '') throw new TypeError('topic must be a non-empty string');
    const key = options.key ?? null;
    for (const s of this.#subs.values()) {
      if (s.topic !== topic) continue;
      if (s.key === key) throw new LogcastError('duplicate', `already subscribed to ${describe(topic, key)}`);
      // Messages carry the record key, not the subscription: a record with key K would reach both a
      // whole-topic and a K subscription with nothing to tell the two copies apart.
      if (s.key === null || key === null) {
        throw new LogcastError('overlap', `${describe(topic, key)} overlaps ${describe(s.topic, s.key)}; ` +
          'filter a whole-topic subscription by key, or use a second Logcast client');
      }
    }
    const sub = new Subscription(this.#lc, topic, options, this.#lc._store.take(topic, key));
    this.#subs.set(subKey(topic, key), sub);
    if (this.#lc._conn.welcomed) this.send(sub);
    return sub;
  }

  send(sub) {
    const lc = this.#lc;
    const id = lc._requests.add({ kind: 'subscribe', sub });
    sub._pending = id;
    // Our own position when we have one (resume failed, or never restored); else the original `from`.
    const from = sub._positions.known ? sub.position() : sub.from;
    lc._conn.send({ type: 'subscribe', id, topic: sub.topic, ...(sub.key != null && { key: sub.key }), from });
  }

  /** A `subscribed`: the reply to our subscribe (with id), or a restore from the session (without). */
  subscribed(m) {
    const lc = this.#lc;
    const k = subKey(m.topic, m.key);
    const sub = m.id != null ? (lc._requests.take(m.id, 'subscribe')?.sub ?? null) : (this.#subs.get(k) ?? null);
    if (!sub && this.#subs.get(k)?._live) return; // a stale reply; ours is running
    if (!sub || !this.has(sub)) {
      // Unsubscribed meanwhile, or restored from the session but no longer wanted.
      lc._conn.send({ type: 'unsubscribe', id: lc._requests.nextId(), topic: m.topic, ...(m.key != null && { key: m.key }) });
      // A new subscription to the same target (React StrictMode: subscribe, unsubscribe, subscribe)
      // was or will be refused as "already subscribed"; after this unsubscribe it can go through.
      const current = this.#subs.get(k);
      if (current && !current._live) {
        if (current._pending) this.#undone.add(k);
        else {
          lc._handshake.drop(current);
          this.send(current);
        }
      }
      return;
    }
    if (sub._live) {
      // The topic was deleted and re-created under a live subscription: the server restarts it on
      // the new log (no id, a new epoch); our positions of the old log mean nothing any more.
      if (m.id == null && m.epoch != null && m.epoch !== sub._positions.epoch) {
        sub._subscribed(m);
        lc._store.save();
      }
      return; // otherwise the restored one and our own request both answered: the first one counts
    }
    sub._pending = null;
    sub._restoreWaits = 0;
    sub._retries = 0;
    lc._handshake.restored(sub);
    sub._subscribed(m);
    if (sub._positions.pendingAck()) lc._acks.processed();
    lc._store.save();
  }

  /** An `error` answering none of our requests: it may name a subscription the server dropped. */
  unclaimedError(m, err) {
    const lc = this.#lc;
    const named = m.id == null && typeof m.topic === 'string' ? this.#subs.get(subKey(m.topic, m.key)) : null;
    if (named && lc._handshake.isRestoring(named)) {
      lc._handshake.drop(named);
      this.send(named); // a restore that failed: our own subscribe gets the real answer
    } else if (named?._live) {
      // A refreshed token no longer allows it.
      this.#subs.delete(subKey(named.topic, named.key));
      named._end(err);
      lc._store.save();
      return;
    }
    // id null: an ack, a bad object, or a subscription the resume could not restore
    if (!named && m.id == null) lc._handshake.unnamedError();
    lc.emit('error', err);
  }

  failed(sub, err) {
    const lc = this.#lc;
    sub._pending = null;
    if (sub._live || !this.has(sub)) return;
    if (err.code === 'bad_request' && this.#undone.delete(subKey(sub.topic, sub.key))) {
      this.send(sub); // the target was just unsubscribed: this time it goes through
      return;
    }
    if (err.code === 'bad_request' && (sub._restoreWaits = (sub._restoreWaits ?? 0) + 1) <= MAX_RESTORE_WAITS) {
      // Almost always "already subscribed": the server is still restoring it from the session, or
      // an earlier subscription to the same target is still being undone. Wait, then ask again.
      lc._handshake.awaitRestore(sub);
      return;
    }
    if (RETRYABLE.has(err.code)) {
      const ws = lc._conn.ws;
      const delay = reconnectDelay('retry', (sub._retries = (sub._retries ?? 0) + 1) - 1, lc._o.backoff, lc._random);
      sub._retryTimer = lc._clock.setTimeout(() => {
        if (ws === lc._conn.ws && lc._conn.welcomed && !sub._live && !sub._pending && this.has(sub)) this.send(sub);
      }, delay);
      lc.emit('error', err);
      return;
    }
    this.#subs.delete(subKey(sub.topic, sub.key));
    sub._end(err);
    lc._store.save();
  }

  /** The application left (Subscription.unsubscribe()). */
  remove(sub) {
    const lc = this.#lc;
    const k = subKey(sub.topic, sub.key);
    if (this.#subs.get(k) !== sub) return Promise.resolve();
    const wasLive = sub._live;
    this.#subs.delete(k);
    lc._handshake.drop(sub);
    lc._clock.clearTimeout(sub._retryTimer);
    sub._end(null);
    lc._store.save();
    // Not subscribed on this connection: a `subscribed` that still comes (request in flight, or a
    // restore from the session) is answered with an unsubscribe then.
    if (!wasLive || !lc._conn.welcomed) return Promise.resolve();
    return new Promise((resolve) => {
      const id = lc._requests.add({ kind: 'unsubscribe', resolve, reject: resolve });
      lc._conn.send({ type: 'unsubscribe', id, topic: sub.topic, ...(sub.key != null && { key: sub.key }) });
    });
  }

  /** Where a message goes: its key's subscription, else the whole-topic one (they never coexist). */
  route(topic, key) {
    return (key != null && this.live(topic, key)) || this.live(topic, null);
  }

  live(topic, key) {
    const sub = this.#subs.get(subKey(topic, key));
    return sub?._live ? sub : null; // before `subscribed` or after unsubscribe: not ours to deliver
  }

  lost() {
    this.#undone.clear();
    for (const sub of this.#subs.values()) {
      sub._live = false;
      sub._pending = null;
      sub._restoreWaits = 0;
      this.#lc._clock.clearTimeout(sub._retryTimer);
    }
  }

  /** The client stopped: wake pending iterator reads so their loops end; pending ready() calls fail. */
  wakeAll(error) {
    for (const sub of this.#subs.values()) sub._clientStopped(error);
  }
}

function describe(topic, key) {
  return key == null ? `topic '${topic}'` : `topic '${topic}' key '${key}'`;
}
