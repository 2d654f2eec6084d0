// Topic pattern subscriptions' requests and answers (`{"type":"subscribe","pattern":"orders.*"}`):
// the pattern's own subscribe and unsubscribe, and which pattern takes a topic the server starts.
// Each topic a pattern covers is a subscription of the registry (a pattern.js `Member`), so
// positions, acks, persistence and resume are per topic, as for any subscription.
//
// - The reply (`subscribed` with id and `pattern`) lists the topics; a `subscribed` without id per
//   topic follows (and one for each topic created later that matches): the registry asks adopt()
//   which patterns take it.
// - Resume: hello presents every topic's position like any subscription; the session keeps the
//   pattern, so after `resumed:true` it is not asked again. After `resumed:false` the topics are
//   subscribed again from their positions first (the handshake), then the pattern (the server skips
//   topics the connection holds already).
// - A pattern left before its reply, or while disconnected, is unsubscribed once the server shows
//   it still holds it.
import { PatternSubscription, Member, globMatcher } from './pattern.js';
import { subKey } from './subscription.js';
import { LogcastError } from './errors.js';
import { RETRYABLE } from './answers.js';
import { reconnectDelay } from './backoff.js';

export class Patterns {
  #lc;
  #subs = new Map(); // subKey(pattern, key) → PatternSubscription
  #orphans = new Map(); // target → subscribes in flight of patterns left meanwhile
  #undoing = new Map(); // target → {matches, key}: our unsubscribe of it is in flight
  #offline = new Map(); // target → {pattern, key}: confirmed, then left while disconnected

  constructor(lc) {
    this.#lc = lc;
  }

  values() {
    return this.#subs.values();
  }

  add(glob, options) {
    const lc = this.#lc;
    const key = options.key ?? null;
    const t = subKey(glob, key);
    if (this.#subs.has(t)) {
      throw new LogcastError('duplicate', `already subscribed to pattern '${glob}'${key == null ? '' : ` key '${key}'`}`);
    }
    const p = new PatternSubscription(lc, glob, options);
    this.#subs.set(t, p);
    this.#offline.delete(t);
    // Positions persisted for topics it covers (a page reload): those topics continue from them.
    for (const saved of lc._store.takeAll((topic, k) => p._covers(topic, k))) {
      if (!lc._subs.holder(saved.topic, key)) lc._subs.hold(new Member(p, saved.topic, saved));
    }
    if (lc._conn.welcomed) this.send(p);
    return p;
  }

  send(p) {
    const lc = this.#lc;
    const id = lc._requests.add({ kind: 'pattern', sub: p });
    p._pending = id;
    lc._conn.send({ type: 'subscribe', id, pattern: p.pattern, ...(p.key != null && { key: p.key }), from: p.from });
  }

  /** The reply to a pattern subscribe: `{pattern, key?, topics}`. */
  subscribed(m) {
    const lc = this.#lc;
    const t = subKey(m.pattern, m.key);
    const r = m.id != null ? lc._requests.take(m.id, 'pattern') : undefined;
    const p = this.#subs.get(t);
    // The reply to this pattern, or to one left before it (React StrictMode: subscribe, unsubscribe,
    // subscribe): the server holds the pattern either way.
    if (!p) this.#undo(m.pattern, m.key ?? null); // left before the reply
    else if (!p._live) this.#confirm(p, m);
    if (r && r.sub !== p) this.#orphanDone(t);
  }

  #confirm(p, m) {
    const lc = this.#lc;
    p._pending = null;
    p._retries = 0;
    p._waiting = false;
    p._confirmed(m);
    // Topics the connection holds already (directly, or for another pattern) get no `subscribed`:
    // the pattern shares them.
    for (const topic of p._topics) {
      const holder = lc._subs.holder(topic, p.key);
      if (holder && !p._members.has(topic)) lc._subs.share(holder, new Member(p, topic, null));
    }
    lc._store.save();
  }

  /** A pattern subscribe refused (`sub` of the request). */
  failed(p, err) {
    const lc = this.#lc;
    const t = subKey(p.pattern, p.key);
    if (this.#subs.get(t) !== p) {
      this.#orphanDone(t);
      return;
    }
    p._pending = null;
    if (p._live) return;
    if (err.code === 'bad_request' && this.#orphans.get(t)) {
      p._waiting = true; // "already subscribed": a pattern left meanwhile is still being set up; its answer decides
      return;
    }
    if (err.code === 'bad_request' && lc.session?.resumed) {
      // "already subscribed": the resumed session restored the pattern (it was subscribed before a
      // reload, or its reply was lost with the connection). Its topics come as restores.
      this.#confirm(p, { topics: [...p._members.keys()] });
      return;
    }
    if (RETRYABLE.has(err.code)) {
      const ws = lc._conn.ws;
      const delay = reconnectDelay('retry', (p._retries = (p._retries ?? 0) + 1) - 1, lc._o.backoff, lc._random);
      p._retryTimer = lc._clock.setTimeout(() => {
        if (ws === lc._conn.ws && lc._conn.welcomed && !p._live && !p._pending && this.#subs.get(t) === p) this.send(p);
      }, delay);
      lc.emit('error', err);
      return;
    }
    this.#subs.delete(t);
    // The server has no such pattern: topics subscribed for it one by one (after a new session) are unsubscribed.
    for (const member of [...p._members.values()]) lc._subs.remove(member);
    p._end(err);
    lc._store.save();
  }

  /** The application left (unsubscribe()). Its topics end with it. */
  remove(p) {
    const lc = this.#lc;
    const t = subKey(p.pattern, p.key);
    if (this.#subs.get(t) !== p) return Promise.resolve();
    const confirmed = p._live;
    this.#subs.delete(t);
    lc._clock.clearTimeout(p._retryTimer);
    for (const member of [...p._members.values()]) lc._subs.remove(member, { quiet: true });
    p._end(null);
    lc._store.save();
    if (p._pending) {
      this.#orphans.set(t, (this.#orphans.get(t) ?? 0) + 1); // undone when its reply comes
      return Promise.resolve();
    }
    if (!confirmed || !lc._conn.welcomed) {
      if (p._started) this.#offline.set(t, { pattern: p.pattern, key: p.key }); // the session may hold it
      return Promise.resolve();
    }
    return this.#undo(p.pattern, p.key);
  }

  /** Unsubscribes a pattern the server holds and we do not want (any more). */
  #undo(pattern, key) {
    const lc = this.#lc;
    const t = subKey(pattern, key);
    this.#undoing.set(t, { matches: globMatcher(pattern), key });
    return new Promise((resolve) => {
      const done = () => {
        if (this.#undoing.get(t)?.id === id) this.#undoing.delete(t);
        resolve();
      };
      const id = lc._requests.add({ kind: 'unsubscribe', resolve: done, reject: done });
      this.#undoing.get(t).id = id;
      lc._conn.send({ type: 'unsubscribe', id, pattern, ...(key != null && { key }) });
    });
  }

  #orphanDone(t) {
    const left = (this.#orphans.get(t) ?? 1) - 1;
    if (left > 0) {
      this.#orphans.set(t, left);
      return;
    }
    this.#orphans.delete(t);
    const p = this.#subs.get(t);
    if (p?._waiting && !p._live && !p._pending && this.#lc._conn.welcomed) {
      p._waiting = false;
      this.send(p); // refused while the one left was set up, and that one is gone now: ask again
    }
  }

  /** A topic of a pattern we are unsubscribing: its `subscribed` needs no unsubscribe of its own. */
  undoing(topic, key) {
    for (const u of this.#undoing.values()) if (u.key === key && u.matches(topic)) return true;
    return false;
  }

  /**
   * The server started (topic, key) for us: the patterns matching it that do not cover it yet take
   * it (the first one without a holder holds it). Returns the holder, or null when none matches.
   */
  adopt(topic, key) {
    const lc = this.#lc;
    let holder = lc._subs.holder(topic, key);
    for (const p of this.#subs.values()) {
      if (p._members.has(topic) || !p._covers(topic, key)) continue;
      if (holder) {
        lc._subs.share(holder, new Member(p, topic, null));
      } else {
        holder = new Member(p, topic, lc._store.take(topic, key));
        lc._subs.hold(holder, false);
      }
    }
    return holder;
  }

  /** A pattern's topic could not be subscribed (`error` with id null naming the pattern). */
  topicError(m, err) {
    const p = this.#subs.get(subKey(m.pattern, m.key));
    if (!p || typeof m.topic !== 'string') return;
    const member = p._members.get(m.topic);
    if (member && !member._live) this.#lc._subs.remove(member, { quiet: true });
    p._topicFailed(m.topic, err);
  }

  /** An `error` with id null naming a topic nobody holds: a pattern's topic that could not start. */
  claim(m, err) {
    let claimed = false;
    for (const p of this.#subs.values()) {
      if (!p._covers(m.topic, m.key)) continue;
      p._topicFailed(m.topic, err);
      claimed = true;
    }
    return claimed;
  }

  /** After `welcome` (and the topics' own subscribes): the patterns' part of restoring. */
  welcome(resumed) {
    if (resumed) {
      for (const { pattern, key } of this.#offline.values()) this.#undo(pattern, key);
      this.#offline.clear();
      for (const p of this.#subs.values()) {
        if (p._started) p._live = true; // the session restored it
        else this.send(p);
      }
    } else {
      this.#offline.clear(); // a new session holds nothing
      for (const p of this.#subs.values()) this.send(p);
    }
  }

  /** The socket went away: no answer will come on it. */
  lost() {
    this.#orphans.clear();
    this.#undoing.clear();
    for (const p of this.#subs.values()) {
      p._live = false;
      p._pending = null;
      p._waiting = false;
      this.#lc._clock.clearTimeout(p._retryTimer);
    }
  }

  /** The client stopped: pending ready() calls fail, iterators end. */
  wakeAll(error) {
    for (const p of this.#subs.values()) p._clientStopped(error);
  }
}
