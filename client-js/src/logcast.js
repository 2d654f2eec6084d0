// Logcast browser SDK: one WebSocket connection (logcast.v1) that reconnects, resumes its session and
// re-subscribes from its own positions, so the application sees every record once and in order.
// Protocol: docs/protocol.md in the Logcast repository.
import { closeAction, reconnectDelay, DEFAULT_BACKOFF } from './backoff.js';
import { splitFrame } from './frames.js';
import { Subscription } from './subscription.js';
import { Emitter } from './emitter.js';
import { LogcastError } from './errors.js';
import { defaultStorage, loadState, saveState } from './storage.js';

export { LogcastError, Subscription };
export { splitFrame } from './frames.js';
export { backoffDelay, closeAction } from './backoff.js';
export { Positions } from './positions.js';

const OPEN = 1; // WebSocket.OPEN
/** Error codes worth retrying a subscribe for (the request was fine, the moment was not). */
const RETRYABLE = new Set(['unavailable', 'rate_limited', 'internal']);
/** How often a subscribe answered `bad_request` (normally "already subscribed") is tried again. */
const MAX_RESTORE_WAITS = 3;

const subKey = (topic, key) => JSON.stringify([topic, key ?? null]);

const realClock = {
  now: () => Date.now(),
  setTimeout: (fn, ms) => setTimeout(fn, ms),
  clearTimeout: (t) => clearTimeout(t),
};

export class Logcast extends Emitter {
  /**
   * @param {string} [url] ws://, wss://, http(s):// or a path such as "/ws" (resolved against the page)
   * @param {import('./logcast.js').LogcastOptions} [options]
   */
  constructor(url = '/ws', options = {}) {
    super();
    this.url = url;
    this._o = {
      ackIntervalMs: 1000,
      connectTimeoutMs: 10_000,
      restoreGraceMs: 3000,
      publishTimeoutMs: 30_000,
      refreshMarginMs: 30_000,
      protocols: ['logcast.v1'],
      ...options,
      backoff: { ...DEFAULT_BACKOFF, ...options.backoff },
    };
    this._WS = options.WebSocket ?? globalThis.WebSocket;
    this._clock = options.clock ?? realClock;
    this._random = options.random ?? Math.random;
    /** @type {'idle'|'connecting'|'connected'|'disconnected'|'closed'} */
    this.state = 'idle';
    /** The current session as the last `welcome` described it, or null before the first one. */
    this.session = null;
    this._secret = null;
    this._subs = new Map(); // subKey → Subscription
    this._requests = new Map(); // request id → {kind, ...}; insertion order = send order
    this._nextId = 0;
    this._t = {}; // named timers
    this._ws = null;
    this._welcomed = false;
    this._attempt = 0;
    this._gen = 0;
    this._presented = new Set(); // subscriptions listed in the last hello.resume
    this._restoring = new Set(); // presented, resumed, and no `subscribed` yet
    this._restoreErrors = 0;
    this._undone = new Set(); // targets we unsubscribed on the server while a new subscribe was in flight
    this._fatal = null; // the error that stopped the client, null when closed by the application
    this._tokenReason = 'connect';
    this._saved = new Map();
    this._persist = options.persist ? (typeof options.persist === 'string' ? options.persist : 'logcast') : null;
    this._storage = this._persist ? (options.storage ?? defaultStorage()) : null;
    if (this._persist) {
      this._restoreSaved();
      // the last acks and positions before the page goes away (reload, navigation, tab closed)
      this._onPageHide = () => this._flushAcks();
      globalThis.addEventListener?.('pagehide', this._onPageHide);
    }
    if (options.autoConnect !== false) queueMicrotask(() => this.state === 'idle' && this._connect());
  }

  // ---- public API ---------------------------------------------------------------------------

  /** Starts connecting (only needed with `autoConnect: false`). */
  connect() {
    if (this.state === 'idle') this._connect();
  }

  /**
   * @param {string} topic
   * @param {import('./logcast.js').SubscribeOptions} [options]
   */
  subscribe(topic, options = {}) {
    if (typeof topic !== 'string' || topic === '') throw new TypeError('topic must be a non-empty string');
    const key = options.key ?? null;
    for (const s of this._subs.values()) {
      if (s.topic !== topic) continue;
      if (s.key === key) throw new LogcastError('duplicate', `already subscribed to ${describe(topic, key)}`);
      // Messages carry the record key, not the subscription: a record with key K would reach both a
      // whole-topic and a K subscription with nothing to tell the two copies apart.
      if (s.key === null || key === null) {
        throw new LogcastError('overlap', `${describe(topic, key)} overlaps ${describe(s.topic, s.key)}; ` +
          'filter a whole-topic subscription by key, or use a second Logcast client');
      }
    }
    const k = subKey(topic, key);
    const saved = this._saved.get(k);
    this._saved.delete(k);
    const sub = new Subscription(this, topic, options, saved);
    this._subs.set(k, sub);
    if (this._welcomed) this._sendSubscribe(sub);
    return sub;
  }

  /** Every subscription that is not closed or failed. */
  get subscriptions() {
    return [...this._subs.values()];
  }

  /**
   * Publishes one record; resolves once Kafka acknowledged it. Calls made while disconnected are
   * sent after the next `welcome`. A publish already sent when the connection drops is rejected
   * with code `disconnected` (it may or may not have been written), unless it has an
   * idempotencyKey: then it is sent again, and the server writes it at most once.
   * @param {string} topic
   * @param {unknown} data any JSON value
   * @param {import('./logcast.js').PublishOptions} [options]
   */
  publish(topic, data, options = {}) {
    if (this.state === 'closed') return Promise.reject(this._fatal ?? new LogcastError('closed', 'the client is closed'));
    const id = ++this._nextId;
    const frame = { type: 'publish', id, topic, data: data === undefined ? null : data };
    if (options.key != null) frame.key = options.key;
    if (options.headers) frame.headers = options.headers;
    if (options.encoding) frame.encoding = options.encoding;
    const idem = options.idempotencyKey === true ? randomKey() : options.idempotencyKey;
    if (idem) frame.idempotencyKey = idem;
    return new Promise((resolve, reject) => {
      const r = { kind: 'publish', frame, resolve, reject, sent: false };
      r.timer = this._clock.setTimeout(() => {
        this._requests.delete(id);
        reject(new LogcastError('timeout', `no reply to publish ${id} within ${this._o.publishTimeoutMs} ms; ` +
          'it may still be written', { requestId: id }));
      }, options.timeoutMs ?? this._o.publishTimeoutMs);
      this._requests.set(id, r);
      if (this._welcomed) this._sendRequest(r);
    });
  }

  /** Gets a new token from `getToken` and hands it to the server (`refresh`) before the old one expires. */
  async refreshToken() {
    if (!this._o.getToken) throw new LogcastError('no_token_source', 'refreshToken() needs the getToken option');
    const token = await this._o.getToken({ reason: 'refresh' });
    if (!this._welcomed) return; // the next hello carries a fresh token anyway
    await new Promise((resolve, reject) => {
      const id = ++this._nextId;
      this._requests.set(id, { kind: 'refresh', resolve, reject });
      this._send({ type: 'refresh', id, token });
    });
    this._scheduleRefresh(token);
  }

  /**
   * Reconnects now: after the client stopped (state `closed`), while waiting to retry, or to replace
   * a working connection. `fresh: true` drops the session (a new one is started and every
   * subscription re-subscribes from its own position), e.g. after 4011 when this tab should win.
   */
  reconnect({ fresh = false } = {}) {
    const ws = this._detach();
    try {
      ws?.close();
    } catch {
      // already closing
    }
    if (fresh) {
      this._secret = null;
      this._savedSession = null;
      this.session = null;
    }
    this._fatal = null;
    this._attempt = 0;
    if (this._onPageHide) globalThis.addEventListener?.('pagehide', this._onPageHide); // removed by close()
    this._connect();
  }

  /** Closes the connection for good: sends pending acks first, keeps persisted state for a reload. */
  close() {
    if (this.state === 'closed' && !this._ws) return;
    this._flushAcks();
    const ws = this._detach();
    try {
      ws?.close(1000, 'client closed');
    } catch {
      // already closing
    }
    this._fatal = null;
    if (this._onPageHide) globalThis.removeEventListener?.('pagehide', this._onPageHide);
    this._shutdown(new LogcastError('closed', 'the client is closed'));
    this._setState('closed', { code: 1000, reason: 'closed by the client', error: null });
  }

  // ---- connection -----------------------------------------------------------------------------

  async _connect() {
    this._clear('retry');
    const gen = ++this._gen;
    this._setState('connecting', { attempt: this._attempt, resume: this._secret != null });
    let token = null;
    try {
      token = this._o.getToken ? await this._o.getToken({ reason: this._tokenReason }) : (this._o.token ?? null);
    } catch (e) {
      if (gen !== this._gen) return;
      this.emit('error', new LogcastError('token', `getToken failed: ${e?.message ?? e}`));
      this._retry('retry', null, 'getToken failed');
      return;
    }
    if (gen !== this._gen || this.state !== 'connecting') return; // close() or reconnect() meanwhile
    let ws;
    try {
      if (typeof this._WS !== 'function') throw new TypeError('no WebSocket here: pass the WebSocket option');
      ws = new this._WS(resolveUrl(this.url), this._o.protocols);
    } catch (e) {
      this._stop(new LogcastError('bad_url', `cannot open ${this.url}: ${e?.message ?? e}`), null, '');
      return;
    }
    this._ws = ws;
    this._token = token;
    ws.onopen = () => ws === this._ws && this._hello(token);
    ws.onmessage = (e) => ws === this._ws && this._onFrame(e.data);
    ws.onclose = (e) => ws === this._ws && this._disconnected(this._detach(), e.reason, e.code);
    ws.onerror = () => {}; // a close event with the code follows
    this._timer('connect', this._o.connectTimeoutMs, () => this._drop('no welcome within the connect timeout'));
  }

  _hello(token) {
    const hello = { type: 'hello', token: token ?? null };
    this._presented = new Set();
    if (this._secret) {
      const subscriptions = [];
      for (const sub of this._subs.values()) {
        // Without an epoch the server would treat the offsets as stale and start at the live end.
        if (!sub._positions.known) continue;
        const { epoch, offsets } = sub.position();
        subscriptions.push({ topic: sub.topic, ...(sub.key != null && { key: sub.key }), epoch, offsets });
        this._presented.add(sub);
      }
      hello.resume = { session: this.session?.id ?? this._savedSession, secret: this._secret, subscriptions };
    }
    this._send(hello);
  }

  /** Gives up on the current socket at once (it may be dead without telling), as if it dropped. */
  _drop(reason) {
    const ws = this._detach();
    try {
      ws?.close();
    } catch {
      // ignore
    }
    this._disconnected(ws, reason, 1006);
  }

  /** Forgets the current socket and everything tied to it; returns it. */
  _detach() {
    const ws = this._ws;
    if (ws) ws.onopen = ws.onmessage = ws.onclose = ws.onerror = null;
    this._ws = null;
    this._welcomedAt = this._welcomed ? this._welcomedAt : 0;
    this._welcomed = false;
    for (const name of ['connect', 'watchdog', 'restore', 'refresh']) this._clear(name);
    this._restoring.clear();
    this._undone.clear();
    for (const sub of this._subs.values()) {
      sub._live = false;
      sub._pending = null;
      sub._restoreWaits = 0;
      this._clock.clearTimeout(sub._retryTimer);
    }
    for (const [id, r] of this._requests) {
      if (r.kind === 'publish') {
        if (!r.sent) continue; // never left: it goes out on the next connection
        if (r.frame.idempotencyKey) { r.sent = false; continue; } // safe to send again
        this._settle(id, r, new LogcastError('disconnected', 'the connection dropped before the reply; ' +
          'the record may or may not have been written (use an idempotencyKey to retry safely)', { requestId: id }));
      } else if (r.kind === 'unsubscribe') {
        this._settle(id, r); // gone locally; the server forgets it with the session, or when it is restored
      } else if (r.kind === 'refresh') {
        this._settle(id, r, new LogcastError('disconnected', 'the connection dropped during refresh'));
      } else {
        this._requests.delete(id);
      }
    }
    return ws;
  }

  /** After a socket closed (or was dropped): stop, or wait and reconnect, as the close code says. */
  _disconnected(ws, reason, code = 1006) {
    const now = this._clock.now();
    if (this._welcomedAt && now - this._welcomedAt >= this._o.backoff.resetAfterMs) this._attempt = 0;
    this._welcomedAt = 0;
    const { action, reason: meaning } = closeAction(code);
    const text = `connection closed (${code}${reason ? `: ${reason}` : ''})`;
    if (action === 'stop') {
      this._stop(new LogcastError(code === 4011 ? 'session_taken_over' : 'closed', `${text}, ${meaning}`,
        { closeCode: code }), code, reason);
      return;
    }
    if (action === 'auth') {
      if (!this._o.getToken) {
        this._stop(new LogcastError(meaning, `${text}: the token was refused and there is no getToken to renew it`,
          { closeCode: code }), code, reason);
        return;
      }
      this._tokenReason = meaning === 'token_expired' ? 'expired' : 'unauthorized';
    }
    this._retry(action === 'slow' ? 'slow' : 'retry', code, reason);
  }

  _retry(action, code, reason) {
    const attempt = this._attempt++;
    const delay = reconnectDelay(action, attempt, this._o.backoff, this._random);
    this._setState('disconnected', { code, reason, attempt, delay, retryAt: this._clock.now() + delay });
    this._timer('retry', delay, () => this._connect());
  }

  _stop(error, code, reason) {
    this._fatal = error;
    this._shutdown(error);
    this._setState('closed', { code, reason, error });
  }

  /** Final state: no timers, pending requests rejected, iterators woken. Subscriptions stay for reconnect(). */
  _shutdown(error) {
    for (const name of Object.keys(this._t)) this._clear(name);
    for (const [id, r] of this._requests) this._settle(id, r, r.kind === 'unsubscribe' ? undefined : error);
    this._save();
    for (const sub of this._subs.values()) sub._wake();
  }

  // ---- inbound --------------------------------------------------------------------------------

  _onFrame(data) {
    if (typeof data !== 'string') return; // binary frames are reserved by the protocol
    this._lastRx = this._clock.now();
    const ws = this._ws;
    const objects = splitFrame(data, (line) =>
      this.emit('error', new LogcastError('bad_frame', `unparseable object from the server: ${line.slice(0, 120)}`)));
    for (const m of objects) {
      if (ws !== this._ws) return; // a handler closed or replaced the connection
      this.emit('frame', m);
      switch (m.type) {
        case 'welcome': this._onWelcome(m); break;
        case 'subscribed': this._onSubscribed(m); break;
        case 'message': this._route(m.topic, m.key)?._message(m); break;
        case 'gap': this._live(m.topic, m.key)?._gap(m); break;
        case 'published': this._onReply(m, { topic: m.topic ?? this._requests.get(m.id)?.frame?.topic,
          partition: m.partition, offset: m.offset }); break;
        case 'unsubscribed': case 'refreshed': this._onReply(m); break;
        case 'error': this._onError(m); break;
        default: break; // pong, and types added later
      }
    }
  }

  _onWelcome(m) {
    this._clear('connect');
    const resumeRequested = this._secret != null;
    this._secret = m.secret;
    this._savedSession = null;
    this.session = { id: m.session, node: m.node, resumed: m.resumed === true, reason: m.reason ?? null };
    this._welcomed = true;
    this._welcomedAt = this._clock.now();
    this._tokenReason = 'connect';
    this._heartbeat = this._o.heartbeatMs ?? m.heartbeat ?? 25_000;
    this._pingAt = -Infinity;
    this._armWatchdog(this._heartbeat);
    if (m.resumed) {
      // The server restores what we presented (plus what the session stored) and sends a `subscribed`
      // without id for each; what it cannot restore comes back as an `error` with id null.
      this._restoring = new Set([...this._presented].filter((s) => this._subs.get(subKey(s.topic, s.key)) === s));
      this._restoreErrors = 0;
      for (const sub of this._subs.values()) if (!this._restoring.has(sub)) this._sendSubscribe(sub);
      if (this._restoring.size) this._timer('restore', this._o.restoreGraceMs, () => this._resubscribeMissing());
    } else {
      // New session: nothing is restored; every subscription starts again from its own position.
      for (const sub of this._subs.values()) this._sendSubscribe(sub);
    }
    for (const r of this._requests.values()) if (r.kind === 'publish' && !r.sent) this._sendRequest(r);
    this._scheduleRefresh(this._token);
    this._save();
    this._setState('connected', { node: m.node, session: m.session, resumed: m.resumed === true,
      reason: m.reason ?? null, resumeRequested, heartbeat: m.heartbeat });
  }

  _onSubscribed(m) {
    let sub = null;
    if (m.id != null) {
      const r = this._requests.get(m.id);
      if (r?.kind === 'subscribe') {
        this._requests.delete(m.id);
        sub = r.sub;
      }
    } else {
      sub = this._subs.get(subKey(m.topic, m.key)) ?? null;
    }
    if (!sub && this._subs.get(subKey(m.topic, m.key))?._live) return; // a stale reply; ours is running
    if (!sub || this._subs.get(subKey(sub.topic, sub.key)) !== sub) {
      // Unsubscribed meanwhile, or restored from the session but no longer wanted.
      this._send({ type: 'unsubscribe', id: ++this._nextId, topic: m.topic, ...(m.key != null && { key: m.key }) });
      // A new subscription to the same target (React StrictMode: subscribe, unsubscribe, subscribe)
      // was or will be refused as "already subscribed"; after this unsubscribe it can go through.
      const k = subKey(m.topic, m.key);
      const current = this._subs.get(k);
      if (current && !current._live) {
        if (current._pending) this._undone.add(k);
        else {
          this._restoring.delete(current);
          this._sendSubscribe(current);
        }
      }
      return;
    }
    if (sub._live) return; // the restored one and our own request both answered: the first one counts
    sub._pending = null;
    sub._restoreWaits = 0;
    sub._retries = 0;
    this._restoring.delete(sub);
    if (!this._restoring.size) this._clear('restore');
    sub._subscribed(m);
    if (sub._positions.pendingAck()) this._processed(sub);
    this._save();
  }

  _onReply(m, value) {
    const r = m.id != null ? this._requests.get(m.id) : undefined;
    if (r) this._settle(m.id, r, undefined, value);
  }

  _onError(m) {
    const err = new LogcastError(m.code ?? 'internal', m.message ?? String(m.code), { requestId: m.id });
    const r = m.id != null ? this._requests.get(m.id) : undefined;
    if (!r) {
      // An error naming a subscription (a refreshed token no longer allows it): the server dropped it.
      const named = m.id == null && typeof m.topic === 'string' ? this._subs.get(subKey(m.topic, m.key)) : null;
      if (named && this._restoring.has(named)) {
        this._restoring.delete(named);
        this._sendSubscribe(named); // a restore that failed: our own subscribe gets the real answer
      } else if (named?._live) {
        this._subs.delete(subKey(named.topic, named.key));
        named._end(err);
        this._save();
        return;
      }
      // id null: an ack, a bad object, or a subscription the resume could not restore
      if (!named && m.id == null && this._restoring.size && ++this._restoreErrors >= this._restoring.size) {
        this._resubscribeMissing(); // our own subscribe then reports the real reason
      }
      this.emit('error', err);
      return;
    }
    if (r.kind === 'subscribe') {
      this._requests.delete(m.id);
      this._subscribeFailed(r.sub, err);
    } else {
      this._settle(m.id, r, r.kind === 'unsubscribe' ? undefined : err); // unsubscribe: not_found means gone
    }
  }

  _subscribeFailed(sub, err) {
    sub._pending = null;
    if (sub._live || this._subs.get(subKey(sub.topic, sub.key)) !== sub) return;
    if (err.code === 'bad_request' && this._undone.delete(subKey(sub.topic, sub.key))) {
      this._sendSubscribe(sub); // the target was just unsubscribed: this time it goes through
      return;
    }
    if (err.code === 'bad_request' && (sub._restoreWaits = (sub._restoreWaits ?? 0) + 1) <= MAX_RESTORE_WAITS) {
      // Almost always "already subscribed": the server is still restoring it from the session, or
      // an earlier subscription to the same target is still being undone. Wait, then ask again.
      this._restoring.add(sub);
      this._timer('restore', this._o.restoreGraceMs, () => this._resubscribeMissing());
      return;
    }
    if (RETRYABLE.has(err.code)) {
      const ws = this._ws;
      const delay = reconnectDelay('retry', (sub._retries = (sub._retries ?? 0) + 1) - 1, this._o.backoff, this._random);
      sub._retryTimer = this._clock.setTimeout(() => {
        if (ws === this._ws && this._welcomed && !sub._live && !sub._pending && this._subs.get(subKey(sub.topic, sub.key)) === sub) {
          this._sendSubscribe(sub);
        }
      }, delay);
      this.emit('error', err);
      return;
    }
    this._subs.delete(subKey(sub.topic, sub.key));
    sub._end(err);
    this._save();
  }

  _resubscribeMissing() {
    this._clear('restore');
    const missing = [...this._restoring];
    this._restoring.clear();
    this._restoreErrors = 0;
    for (const sub of missing) {
      if (!sub._live && !sub._pending && this._subs.get(subKey(sub.topic, sub.key)) === sub) this._sendSubscribe(sub);
    }
  }

  /** Where a message goes: its key's subscription, else the whole-topic one (they never coexist). */
  _route(topic, key) {
    return (key != null && this._live(topic, key)) || this._live(topic, null);
  }

  _live(topic, key) {
    const sub = this._subs.get(subKey(topic, key));
    return sub?._live ? sub : null; // before `subscribed` or after unsubscribe: not ours to deliver
  }

  // ---- outbound -------------------------------------------------------------------------------

  _send(obj) {
    const ws = this._ws;
    if (!ws || ws.readyState !== OPEN) return false;
    ws.send(JSON.stringify(obj));
    return true;
  }

  _sendSubscribe(sub) {
    const id = ++this._nextId;
    this._requests.set(id, { kind: 'subscribe', sub });
    sub._pending = id;
    // Our own position when we have one (resume failed, or never restored); else the original `from`.
    const from = sub._positions.known ? sub.position() : sub.from;
    this._send({ type: 'subscribe', id, topic: sub.topic, ...(sub.key != null && { key: sub.key }), from });
  }

  _sendRequest(r) {
    r.sent = this._send(r.frame);
  }

  /** @internal called by a subscription leaving, see Subscription.unsubscribe(). */
  _unsubscribe(sub) {
    const k = subKey(sub.topic, sub.key);
    if (this._subs.get(k) !== sub) return Promise.resolve();
    const wasLive = sub._live;
    this._subs.delete(k);
    this._restoring.delete(sub);
    this._clock.clearTimeout(sub._retryTimer);
    sub._end(null);
    this._save();
    // Not subscribed on this connection: a `subscribed` that still comes (request in flight, or a
    // restore from the session) is answered with an unsubscribe then.
    if (!wasLive || !this._welcomed) return Promise.resolve();
    return new Promise((resolve) => {
      const id = ++this._nextId;
      this._requests.set(id, { kind: 'unsubscribe', resolve, reject: resolve });
      this._send({ type: 'unsubscribe', id, topic: sub.topic, ...(sub.key != null && { key: sub.key }) });
    });
  }

  _settle(id, r, error, value) {
    this._requests.delete(id);
    this._clock.clearTimeout(r.timer);
    if (error) r.reject?.(error);
    else r.resolve?.(value);
  }

  // ---- acks, heartbeat, token refresh, persistence ------------------------------------------------

  /** @internal a subscription's processed position moved: ack it (and save it) with the next batch. */
  _processed() {
    if (this._t.ack == null && this.state !== 'closed') this._timer('ack', this._o.ackIntervalMs, () => this._flushAcks());
  }

  /** @internal */
  _duplicate(sub, m) {
    this.emit('duplicate', m, sub);
  }

  _flushAcks() {
    this._clear('ack');
    if (this._welcomed) {
      for (const sub of this._subs.values()) {
        const offsets = sub._live ? sub._positions.pendingAck() : null;
        if (!offsets) continue;
        this._send({ type: 'ack', topic: sub.topic, ...(sub.key != null && { key: sub.key }), offsets });
        sub._positions.markAcked(offsets);
      }
    }
    this._save();
  }

  /**
   * Browsers answer the server's WebSocket pings without telling the page, so a dead connection is
   * noticed here: after `heartbeat` ms without any object, send a ping; after another `heartbeat`
   * without an answer (or anything else), give up on the socket and reconnect.
   */
  _armWatchdog(delay) {
    if (!this._heartbeat) return; // heartbeatMs: 0 turns the watchdog off
    this._timer('watchdog', delay, () => {
      const idle = this._clock.now() - this._lastRx;
      if (idle < this._heartbeat) return this._armWatchdog(this._heartbeat - idle);
      if (this._pingAt <= this._lastRx) {
        this._pingAt = this._clock.now();
        this._send({ type: 'ping' });
        return this._armWatchdog(this._heartbeat);
      }
      this._drop('heartbeat timeout: no message and no pong');
    });
  }

  /** With getToken and a JWT, refresh a little before it expires instead of being closed with 4010. */
  _scheduleRefresh(token) {
    this._clear('refresh');
    const exp = this._o.getToken ? jwtExpiry(token) : null;
    if (exp == null) return;
    const delay = Math.max(1000, exp - this._o.refreshMarginMs - this._clock.now());
    this._timer('refresh', delay, () => this.refreshToken().catch((e) => this.emit('error', e)));
  }

  _restoreSaved() {
    const s = loadState(this._storage, this._persist);
    if (!s) return;
    if (s.session && s.secret) {
      this._savedSession = s.session;
      this._secret = s.secret;
    }
    for (const p of s.subs) if (p.epoch) this._saved.set(subKey(p.topic, p.key ?? null), p);
  }

  _save() {
    if (!this._persist) return;
    // After 4011 the session belongs to another connection (a duplicated tab): keep the positions only.
    const own = this._fatal?.code !== 'session_taken_over';
    const subs = [...this._saved.values()]; // saved but not subscribed again (yet)
    for (const sub of this._subs.values()) {
      if (!sub._positions.known) continue;
      const { epoch, offsets } = sub._positions.snapshot('processed');
      subs.push({ topic: sub.topic, key: sub.key, epoch, offsets });
    }
    saveState(this._storage, this._persist, own
      ? { session: this.session?.id ?? this._savedSession, secret: this._secret, subs }
      : { session: null, secret: null, subs });
  }

  // ---- small helpers ----------------------------------------------------------------------------

  _setState(state, detail) {
    this.state = state;
    this.emit(state, detail);
    this.emit('state', state, detail);
  }

  _timer(name, ms, fn) {
    this._clear(name);
    this._t[name] = this._clock.setTimeout(() => {
      this._t[name] = null;
      fn();
    }, ms);
  }

  _clear(name) {
    if (this._t[name] != null) this._clock.clearTimeout(this._t[name]);
    this._t[name] = null;
  }
}

function describe(topic, key) {
  return key == null ? `topic '${topic}'` : `topic '${topic}' key '${key}'`;
}

/** ws(s):// as is; http(s):// and paths relative to the page become ws(s)://. */
export function resolveUrl(url) {
  const u = new URL(url, globalThis.location?.href);
  if (u.protocol === 'http:') u.protocol = 'ws:';
  else if (u.protocol === 'https:') u.protocol = 'wss:';
  return u.href;
}

/** The `exp` of a JWT in ms, or null when the token is not a JWT with an expiry. */
export function jwtExpiry(token) {
  try {
    const part = token.split('.')[1].replace(/-/g, '+').replace(/_/g, '/');
    const exp = JSON.parse(atob(part)).exp;
    return typeof exp === 'number' ? exp * 1000 : null;
  } catch {
    return null;
  }
}

function randomKey() {
  if (globalThis.crypto?.randomUUID) return globalThis.crypto.randomUUID();
  return `${Date.now().toString(36)}-${Math.random().toString(36).slice(2)}${Math.random().toString(36).slice(2)}`;
}
