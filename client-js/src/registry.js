// The client's subscriptions to concrete topics, one server subscription per (topic, key): their
// subscribe and unsubscribe requests and the answers, and which subscriptions a message belongs to.
// Restoring subscriptions after a resume is the handshake's part (handshake.js); topic patterns
// are patterns.js's, whose topics are subscriptions here too (pattern.js `Member`).
//
// The server holds one subscription per (topic, key) and connection, so several subscriptions of
// the application can stand on one: the direct subscription of a topic and the topic of a pattern
// (or of several patterns) that matches it. The first one made "holds" it (its requests are the
// server's subscription: `#subs`); the others share it (`_sharers`): each gets every message from
// the moment it joined, with its own de-duplication and processed positions; acks and persisted
// positions are the lowest of them. When the holder leaves, a sharer takes its place, with nothing
// sent to the server.
//
// Snapshots (`from: "snapshot"`, subscription.js): the server stores a snapshot subscription at the
// snapshot's cut, and a resume restores it from there, without a snapshot. So until its `snapshot`
// object arrived, a snapshot subscription the server restores (or starts from anything but a new
// snapshot) is undone there and subscribed again `from: "snapshot"`: the application gets a new
// snapshot ("snapshotStart"), never a partial one followed by the live stream.
import { Subscription, subKey } from './subscription.js';
import { LogcastError } from './errors.js';
import { reconnectDelay } from './backoff.js';
import { lowest } from './positions.js';

/** Error codes worth retrying a subscribe for (the request was fine, the moment was not). */
export const RETRYABLE = new Set(['unavailable', 'rate_limited', 'internal']);
/** How often a subscribe answered `bad_request` (normally "already subscribed") is tried again. */
const MAX_RESTORE_WAITS = 3;

export class Registry {
  #lc;
  #subs = new Map(); // subKey → Subscription
  #undone = new Set(); // targets we unsubscribed on the server while a new subscribe was in flight

  constructor(lc) {
    this.#lc = lc;
  }

  /** The holders: one per server subscription (also a pattern's topics). */
  values() {
    return this.#subs.values();
  }

  /** The application's own subscriptions to concrete topics (not the topics of its patterns). */
  *own() {
    for (const holder of this.#subs.values()) for (const s of consumers(holder)) if (!s._member) yield s;
  }

  /** `sub` still holds its target (not left, not replaced). */
  has(sub) {
    return this.#subs.get(subKey(sub.topic, sub.key)) === sub;
  }

  /** The subscription holding (topic, key), if any. */
  holder(topic, key) {
    return this.#subs.get(subKey(topic, key)) ?? null;
  }

  add(topic, options) {
    if (typeof topic !== 'string' || topic === '') throw new TypeError('topic must be a non-empty string');
    const key = options.key ?? null;
    const holder = this.holder(topic, key);
    if (holder && consumers(holder).some((s) => !s._member)) {
      throw new LogcastError('duplicate', `already subscribed to ${describe(topic, key)}`);
    }
    const snapshot = options.from === 'snapshot';
    if (holder && snapshot) {
      throw new LogcastError('duplicate', `a pattern subscription holds ${describe(topic, key)} already; a snapshot needs a subscription of its own`);
    }
    // A saved position is not used for a snapshot: the state it was the position of went with the page.
    const saved = holder ? null : this.#lc._store.take(topic, key);
    // A topic a pattern covers already: this one shares its subscription (and starts where it is).
    const sub = new Subscription(this.#lc, topic, options, snapshot ? null : saved);
    if (holder) this.share(holder, sub);
    else this.hold(sub);
    return sub;
  }

  /** `sub` holds its target; `send`: subscribe now if connected (not for one the server just made). */
  hold(sub, send = true) {
    this.#subs.set(subKey(sub.topic, sub.key), sub);
    if (send && this.#lc._conn.welcomed) this.send(sub);
  }

  /** `sub` shares the server subscription `holder` holds: it gets the same messages from now on. */
  share(holder, sub) {
    holder._sharers.add(sub);
    sub._holder = holder;
    if (!holder._live) return; // it joins with the holder's `subscribed`
    const { epoch, offsets } = holder._positions.snapshot('next');
    sub._subscribed({ type: 'subscribed', topic: holder.topic, ...(holder.key != null && { key: holder.key }), epoch,
      recovered: true, reason: null, offsets }, false);
  }

  send(sub) {
    const lc = this.#lc;
    const id = lc._requests.add({ kind: 'subscribe', sub });
    sub._pending = id;
    // A snapshot until one completed; then our own position when we have one (resume failed, or never
    // restored); else the original `from`.
    let from = sub._positions.known ? sub.position() : sub.from;
    if (sub._snapshot && sub._snapshot !== 'complete') {
      from = 'snapshot';
      sub._snapshot = 'requested';
    }
    lc._conn.send({ type: 'subscribe', id, topic: sub.topic, ...(sub.key != null && { key: sub.key }), from });
  }

  /** A `subscribed`: the reply to our subscribe (with id), or a restore from the session (without). */
  subscribed(m) {
    const lc = this.#lc;
    const k = subKey(m.topic, m.key);
    let sub = m.id != null ? holding(lc._requests.take(m.id, 'subscribe')?.sub) : (this.#subs.get(k) ?? null);
    // A topic we do not hold: a pattern's (new topic, or restored with the pattern), if one matches it.
    if (!sub && m.id == null) sub = lc._patterns.adopt(m.topic, m.key ?? null);
    if (!sub && this.#subs.get(k)?._live) return; // a stale reply; ours is running
    if (!sub || !this.has(sub)) {
      if (lc._patterns.undoing(m.topic, m.key ?? null)) return; // its pattern's unsubscribe ends it
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
    if (sub._needsNewSnapshot(m, sub._live)) {
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
   * Subscription._needsNewSnapshot): undone on the server, then subscribed again for a new snapshot
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
    this.send(sub);
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
      for (const s of consumers(named)) s._end(err);
      lc._store.save();
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
    if (sub._live || !this.has(sub)) return;
    if (err.code === 'bad_request' && this.#undone.delete(subKey(sub.topic, sub.key))) {
      this.send(sub); // the target was just unsubscribed: this time it goes through
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
        if (ws === lc._conn.ws && lc._conn.welcomed && !sub._live && !sub._pending && this.has(sub)) this.send(sub);
      }, delay);
      lc.emit('error', err);
      return;
    }
    this.#subs.delete(subKey(sub.topic, sub.key));
    for (const s of consumers(sub)) s._end(err);
    lc._store.save();
  }

  /**
   * The application left (Subscription.unsubscribe()), or a pattern let go of one of its topics.
   * `quiet`: send no unsubscribe (the pattern's own unsubscribe ends it on the server).
   */
  remove(sub, { quiet = false } = {}) {
    const lc = this.#lc;
    const k = subKey(sub.topic, sub.key);
    const holder = this.#subs.get(k);
    if (holder !== sub) {
      if (holder?._sharers.delete(sub)) { // the subscription stays for the others
        sub._holder = null;
        sub._end(null);
        lc._store.save();
      }
      return Promise.resolve();
    }
    const wasLive = sub._live;
    lc._clock.clearTimeout(sub._retryTimer);
    const [next] = sub._sharers;
    if (next) {
      this.#promote(sub, next);
      sub._end(null);
      lc._store.save();
      return Promise.resolve();
    }
    this.#subs.delete(k);
    lc._handshake.drop(sub);
    sub._end(null);
    lc._store.save();
    // Not subscribed on this connection: a `subscribed` that still comes (request in flight, or a
    // restore from the session) is answered with an unsubscribe then.
    if (quiet || !wasLive || !lc._conn.welcomed) return Promise.resolve();
    return new Promise((resolve) => {
      const id = lc._requests.add({ kind: 'unsubscribe', resolve, reject: resolve });
      lc._conn.send({ type: 'unsubscribe', id, topic: sub.topic, ...(sub.key != null && { key: sub.key }) });
    });
  }

  /** `next`, a sharer of `holder`, holds the subscription in its place (requests in flight included). */
  #promote(holder, next) {
    const lc = this.#lc;
    holder._sharers.delete(next);
    next._sharers = holder._sharers;
    holder._sharers = new Set();
    for (const s of next._sharers) s._holder = next;
    next._holder = null;
    next._pending = holder._pending;
    holder._pending = null;
    holder._successor = next; // the answer to its request in flight is next's
    if (next._positions.epoch === holder._positions.epoch) next._positions.markAcked(holder._positions.acked);
    this.#subs.set(subKey(next.topic, next.key), next);
    lc._handshake.replace(holder, next);
    if (!next._live && !next._pending && lc._conn.welcomed && !lc._handshake.isRestoring(next)) this.send(next);
  }

  /**
   * The server ended a subscription on its own (`unsubscribed` without id): the unsubscribe of a
   * pattern ends its topics, also one the application subscribed directly as well. Still wanted
   * here: subscribed again, from its own position.
   */
  dropped(m) {
    const holder = this.#subs.get(subKey(m.topic, m.key));
    if (!holder?._live) return;
    for (const s of consumers(holder)) s._live = false;
    if (this.#lc._conn.welcomed) this.send(holder);
  }

  /** What every subscription on `holder`'s server subscription has processed: acked and persisted. */
  processed(holder) {
    const { epoch } = holder._positions;
    const same = consumers(holder).filter((s) => s._positions.epoch === epoch);
    return { epoch, offsets: lowest(same.map((s) => s._positions.processed)) };
  }

  /**
   * A message to every subscription it is for (see route), each de-duplicating on its own. A record
   * of a snapshot (`snapshot: true`) goes to the subscription loading that snapshot only.
   */
  deliver(m) {
    for (const holder of this.route(m)) {
      for (const s of consumers(holder)) {
        if (!s._live) continue;
        if (m.snapshot === true) s._snapshotMessage(m);
        else s._message(m);
      }
    }
  }

  /** The `snapshot` object: the snapshot of (topic, key) is complete. */
  snapshot(m) {
    const holder = this.live(m.topic, m.key);
    if (holder) for (const s of consumers(holder)) if (s._live) s._snapshotDone(m);
  }

  gap(m) {
    const holder = this.live(m.topic, m.key);
    if (holder) for (const s of consumers(holder)) if (s._live) s._gap(m);
  }

  /**
   * Where a message goes. With a whole-topic and a keyed subscription of its topic and key, the
   * server says whom it is for (`for`: "both", "topic" or "key"; the two may be at different places
   * in the log, each gets its own copy then); otherwise its key's subscription, else the whole-topic one.
   */
  route(m) {
    const keyed = m.key != null ? this.live(m.topic, m.key) : null;
    const whole = this.live(m.topic, null);
    switch (m.for) {
      case 'both': return [whole, keyed].filter(Boolean);
      case 'topic': return whole ? [whole] : [];
      case 'key': return keyed ? [keyed] : [];
      default: return keyed ? [keyed] : whole ? [whole] : [];
    }
  }

  live(topic, key) {
    const sub = this.#subs.get(subKey(topic, key));
    return sub?._live ? sub : null; // before `subscribed` or after unsubscribe: not ours to deliver
  }

  lost() {
    this.#undone.clear();
    for (const sub of this.#subs.values()) {
      for (const s of sub._sharers) s._live = false;
      sub._live = false;
      sub._pending = null;
      sub._restoreWaits = 0;
      this.#lc._clock.clearTimeout(sub._retryTimer);
    }
  }

  /** The client stopped: wake pending iterator reads so their loops end; pending ready() calls fail. */
  wakeAll(error) {
    for (const holder of this.#subs.values()) for (const s of consumers(holder)) s._clientStopped(error);
  }
}

/** The holder and the subscriptions sharing its server subscription. */
function consumers(holder) {
  return [holder, ...holder._sharers];
}

/** The subscription now holding what `sub` held (it left, a sharer took over). */
function holding(sub) {
  while (sub?._successor) sub = sub._successor;
  return sub ?? null;
}

function describe(topic, key) {
  return key == null ? `topic '${topic}'` : `topic '${topic}' key '${key}'`;
}
