// Requests in flight by id (subscribe, unsubscribe, refresh, publish) and their replies; and
// publishing. A publish made while disconnected waits for the next `welcome`. One already sent when
// the connection drops may or may not have been written: it is rejected, unless it has an
// idempotencyKey, in which case sending it again is safe (the server writes it at most once).
// With the SSE transport, publishing is an HTTP request of its own (http.js): it does not wait for
// the stream and is not lost with it.
import { LogcastError } from './errors.js';
import { publishHttp } from './http.js';
import { reconnectDelay } from './backoff.js';

export class Requests {
  #lc;
  #byId = new Map(); // insertion order = send order, so resent publishes keep their order
  #lastId = 0;

  constructor(lc) {
    this.#lc = lc;
  }

  /** An id for a request whose reply nobody waits for. */
  nextId() {
    return ++this.#lastId;
  }

  /** Registers a request awaiting its reply; returns its id. */
  add(r) {
    const id = this.nextId();
    this.#byId.set(id, r);
    return id;
  }

  /** Removes and returns the request `id` if it is of `kind`. */
  take(id, kind) {
    const r = this.#byId.get(id);
    if (r?.kind !== kind) return undefined;
    this.#byId.delete(id);
    return r;
  }

  publish(topic, data, options) {
    const lc = this.#lc;
    const id = this.nextId();
    const frame = { type: 'publish', id, topic, data: data === undefined ? null : data };
    if (options.key != null) frame.key = options.key;
    if (options.headers) frame.headers = options.headers;
    if (options.encoding) frame.encoding = options.encoding;
    const idem = options.idempotencyKey === true ? randomKey() : options.idempotencyKey;
    if (idem) frame.idempotencyKey = idem;
    return new Promise((resolve, reject) => {
      const r = { kind: 'publish', frame, resolve, reject, sent: false };
      r.timer = lc._clock.setTimeout(() => {
        this.#byId.delete(id);
        reject(new LogcastError('timeout', `no reply to publish ${id} within ${lc._o.publishTimeoutMs} ms; ` +
          'it may still be written', { requestId: id }));
      }, options.timeoutMs ?? lc._o.publishTimeoutMs);
      this.#byId.set(id, r);
      if (lc._conn.welcomed || this.#overHttp()) this.#send(r);
    });
  }

  /** SSE transport with a token already fetched for this attempt: no need to wait for the stream. */
  #overHttp() {
    const lc = this.#lc;
    return lc._conn.transport === 'sse' && lc.state !== 'idle' && lc.state !== 'closed' &&
      (lc._tokens.current !== undefined || !lc._tokens.renewable);
  }

  /** After `welcome`: publishes made while disconnected, and idempotent ones to send again. */
  sendUnsent() {
    for (const r of this.#byId.values()) if (r.kind === 'publish' && !r.sent) this.#send(r);
  }

  #send(r) {
    if (this.#lc._conn.transport === 'sse') this.#sendHttp(r);
    else r.sent = this.#lc._conn.send(r.frame);
  }

  async #sendHttp(r, attempt = 0) {
    const lc = this.#lc;
    const id = r.frame.id;
    r.sent = true;
    r.http = true; // answered by its own request: a dropped stream does not concern it
    let reply;
    try {
      reply = await publishHttp(lc, r.frame, lc._tokens.current ?? lc._tokens.fixed);
    } catch (e) {
      if (this.#byId.get(id) !== r) return; // timed out, or the client closed meanwhile
      if (r.frame.idempotencyKey) {
        // No answer: safe to send again, the server writes it at most once (until publishTimeoutMs).
        r.retry = lc._clock.setTimeout(() => this.#byId.get(id) === r && this.#sendHttp(r, attempt + 1),
          reconnectDelay('retry', attempt, lc._o.backoff, lc._random));
        return;
      }
      this.#settle(id, r, new LogcastError('disconnected', `the publish request failed (${e?.message ?? e}); ` +
        'the record may or may not have been written (use an idempotencyKey to retry safely)', { requestId: id }));
      return;
    }
    if (reply.type === 'published') this.published(reply);
    else this.failed(reply, new LogcastError(reply.code, reply.message, { requestId: id }));
  }

  published(m) {
    this.reply(m, { topic: m.topic ?? this.#byId.get(m.id)?.frame?.topic, partition: m.partition, offset: m.offset });
  }

  reply(m, value) {
    const r = m.id != null ? this.#byId.get(m.id) : undefined;
    if (r) this.#settle(m.id, r, undefined, value);
  }

  /** An `error` from the server: false when it answers none of our requests. */
  failed(m, err) {
    const r = m.id != null ? this.#byId.get(m.id) : undefined;
    if (!r) return false;
    if (r.kind === 'subscribe') {
      this.#byId.delete(m.id);
      this.#lc._answers.failed(r.sub, err);
    } else if (r.kind === 'pattern') {
      this.#byId.delete(m.id);
      this.#lc._patterns.failed(r.sub, err);
    } else {
      this.#settle(m.id, r, r.kind === 'unsubscribe' ? undefined : err); // unsubscribe: not_found means gone
    }
    return true;
  }

  /** The socket went away: no reply will come on it. */
  lost() {
    for (const [id, r] of this.#byId) {
      if (r.kind === 'publish') {
        if (!r.sent || r.http) continue; // never left: it goes out on the next connection; or HTTP's own
        if (r.frame.idempotencyKey) { r.sent = false; continue; } // safe to send again
        this.#settle(id, r, new LogcastError('disconnected', 'the connection dropped before the reply; ' +
          'the record may or may not have been written (use an idempotencyKey to retry safely)', { requestId: id }));
      } else if (r.kind === 'unsubscribe') {
        this.#settle(id, r); // gone locally; the server forgets it with the session, or when it is restored
      } else if (r.kind === 'refresh') {
        this.#settle(id, r, new LogcastError('disconnected', 'the connection dropped during refresh'));
      } else {
        this.#byId.delete(id);
      }
    }
  }

  /** The client stopped: every caller gets its answer now (an unsubscribe is done locally anyway). */
  settleAll(error) {
    for (const [id, r] of this.#byId) this.#settle(id, r, r.kind === 'unsubscribe' ? undefined : error);
  }

  #settle(id, r, error, value) {
    this.#byId.delete(id);
    this.#lc._clock.clearTimeout(r.timer);
    this.#lc._clock.clearTimeout(r.retry);
    if (error) r.reject?.(error);
    else r.resolve?.(value);
  }
}

function randomKey() {
  if (globalThis.crypto?.randomUUID) return globalThis.crypto.randomUUID();
  return `${Date.now().toString(36)}-${Math.random().toString(36).slice(2)}${Math.random().toString(36).slice(2)}`;
}
