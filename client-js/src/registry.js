// The client's subscriptions to concrete topics, one server subscription per (topic, key): their
// subscribe and unsubscribe requests, and which subscriptions a message belongs to. The server's
// answers to the subscribes are answers.js's; restoring subscriptions after a resume is the
// handshake's part (handshake.js); topic patterns are patterns.js's, whose topics are subscriptions
// here too (pattern.js `Member`).
//
// The server holds one subscription per (topic, key) and connection, so several subscriptions of
// the application can stand on one: the direct subscription of a topic and the topic of a pattern
// (or of several patterns) that matches it. The first one made "holds" it (its requests are the
// server's subscription: `#subs`); the others share it (`_sharers`): each gets every message from
// the moment it joined, with its own de-duplication and processed positions; acks and persisted
// positions are the lowest of them. When the holder leaves, a sharer takes its place, with nothing
// sent to the server.
import { Subscription, subKey } from './subscription.js';
import { LogcastError } from './errors.js';
import { lowest } from './positions.js';

export class Registry {
  #lc;
  #subs = new Map(); // subKey → Subscription

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

  /** `sub` and those sharing it end (`err`: failed); the server subscription is no longer held. */
  end(sub, err) {
    this.#subs.delete(subKey(sub.topic, sub.key));
    for (const s of consumers(sub)) s._end(err);
    this.#lc._store.save();
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
export function consumers(holder) {
  return [holder, ...holder._sharers];
}

function describe(topic, key) {
  return key == null ? `topic '${topic}'` : `topic '${topic}' key '${key}'`;
}
