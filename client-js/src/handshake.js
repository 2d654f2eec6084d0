// The handshake on every socket: `hello` (asking to resume the session, with every position held),
// `welcome`, and after a resume the restore: the server sends a `subscribed` without id for each
// subscription it restored; those it could not restore are subscribed again from our own position,
// after `restoreGraceMs` or once as many `error`s with id null as were missing have arrived.
// A pattern's topics are subscriptions like any other here; the patterns themselves follow the
// topics (patterns.js).

export class Handshake {
  #lc;
  /** The session secret; null: the next hello starts a new session. */
  secret = null;
  /** A session id loaded from storage, until the first `welcome`. */
  savedSession;
  #presented = new Set(); // subscriptions listed in the last hello.resume
  #restoring = new Set(); // presented, resumed, and no `subscribed` yet
  #restoreErrors = 0;

  constructor(lc) {
    this.#lc = lc;
  }

  /** The session to resume, also what gets persisted. */
  get sessionId() {
    return this.#lc.session?.id ?? this.savedSession;
  }

  hello(token) {
    const lc = this.#lc;
    const hello = { type: 'hello', token: token ?? null };
    this.#presented = new Set();
    if (this.secret) {
      const subscriptions = [];
      for (const sub of lc._subs.values()) {
        // Without an epoch the server would treat the offsets as stale and start at the live end.
        if (!sub._positions.known) continue;
        const { epoch, offsets } = sub.position();
        subscriptions.push({ topic: sub.topic, ...(sub.key != null && { key: sub.key }), epoch, offsets });
        this.#presented.add(sub);
      }
      hello.resume = { session: this.sessionId, secret: this.secret, subscriptions };
    }
    lc._conn.send(hello);
  }

  welcome(m) {
    const lc = this.#lc;
    const subs = lc._subs;
    const resumeRequested = this.secret != null;
    this.secret = m.secret;
    this.savedSession = null;
    lc.session = { id: m.session, node: m.node, resumed: m.resumed === true, reason: m.reason ?? null };
    lc._conn.established(m);
    lc._tokens.reason = 'connect';
    if (m.resumed) {
      // The server restores what we presented (plus what the session stored) and sends a `subscribed`
      // without id for each; what it cannot restore comes back as an `error` with id null.
      this.#restoring = new Set([...this.#presented].filter((s) => subs.has(s)));
      this.#restoreErrors = 0;
      for (const sub of subs.values()) if (!this.#restoring.has(sub)) subs.send(sub);
      if (this.#restoring.size) lc._timers.set('restore', lc._o.restoreGraceMs, () => this.resubscribeMissing());
    } else {
      // New session: nothing is restored; every subscription starts again from its own position
      // (a pattern's topics too), then the patterns (the server skips topics held already).
      for (const sub of subs.values()) subs.send(sub);
    }
    lc._patterns.welcome(m.resumed === true);
    lc._requests.sendUnsent();
    lc._tokens.schedule(lc._tokens.current);
    lc._store.save();
    lc._setState('connected', { node: m.node, session: m.session, resumed: m.resumed === true,
      reason: m.reason ?? null, resumeRequested, heartbeat: m.heartbeat, transport: lc._conn.transport });
  }

  /** Drops the session, so the next hello starts a new one (reconnect({fresh: true})). */
  forget() {
    this.secret = null;
    this.savedSession = null;
    this.#lc.session = null;
  }

  isRestoring(sub) {
    return this.#restoring.has(sub);
  }

  /** `next` holds what `old` held (registry.js: a sharer took over): it is waited for in its place. */
  replace(old, next) {
    if (this.#presented.delete(old)) this.#presented.add(next);
    if (this.#restoring.delete(old)) this.#restoring.add(next);
  }

  /** `sub` is no longer waited for: it got its own subscribe, or left. */
  drop(sub) {
    this.#restoring.delete(sub);
  }

  restored(sub) {
    this.#restoring.delete(sub);
    if (!this.#restoring.size) this.#lc._timers.clear('restore');
  }

  /** The server may still be restoring `sub` ("already subscribed"): ask again after the grace time. */
  awaitRestore(sub) {
    this.#restoring.add(sub);
    this.#lc._timers.set('restore', this.#lc._o.restoreGraceMs, () => this.resubscribeMissing());
  }

  /** An `error` with id null and no subscription named: possibly a subscription the resume lost. */
  unnamedError() {
    if (this.#restoring.size && ++this.#restoreErrors >= this.#restoring.size) {
      this.resubscribeMissing(); // our own subscribe then reports the real reason
    }
  }

  resubscribeMissing() {
    const lc = this.#lc;
    lc._timers.clear('restore');
    const missing = [...this.#restoring];
    this.#restoring.clear();
    this.#restoreErrors = 0;
    for (const sub of missing) {
      if (!sub._live && !sub._pending && lc._subs.has(sub)) lc._subs.send(sub);
    }
  }

  /** The socket went away: nothing more will be restored on it. */
  lost() {
    this.#lc._timers.clear('restore');
    this.#restoring.clear();
  }
}
