// The SSE transport (docs/protocol.md section 16) behind the WebSocket interface the rest of the SDK
// talks to: it takes the client's protocol objects (hello, subscribe, unsubscribe, refresh, ping) and
// answers as a gateway would, so handshake, registry, positions and de-duplication are the same code
// for both transports.
//
// - `hello` opens the streams for every subscription, each from the subscription's own position; the
//   `welcome` (no session: SSE has none, positions are the resume) follows once they are all open, and
//   what arrived meanwhile is delivered after it.
// - A changed set of subscriptions (subscribe, unsubscribe, a refreshed token) reopens the streams it
//   touches, from the positions the SDK received: nothing lost, nothing twice (and the SDK drops
//   duplicates by offset anyway).
// - The SDK reconnects, not EventSource: on the first error the EventSource is closed and the socket
//   "closes" with 1006 (or the `close` object's code), so reconnects get backoff with jitter, a fresh
//   token and positions from what was received, instead of every browser coming back after the same
//   fixed `retry` with a URL whose token may have expired.
// - A stream that never opened is diagnosed (http.js probe): 401/503/… close the connection as the
//   matching close code would; 400/403/404/413 fail a subscription, found by giving each its own stream.
// - `publish` does not come here: requests.js sends it over HTTP. There are no acks over SSE.
// - A snapshot (`from: "snapshot"`) has no stream form: its subscribe is refused with bad_request. A
//   snapshot subscription whose snapshot completed (over a WebSocket) streams on from its position.
import { planStreams, streamUrl } from './sse-plan.js';
import { streamEndpoint, probe, refusal } from './http.js';
import { subKey } from './subscription.js';

const OPEN = 1;
const CLOSED = 3;

export class SseSocket {
  readyState = 0;
  onopen = null;
  onmessage = null;
  onclose = null;
  onerror = null;
  #lc;
  #base;
  #token = null;
  #hello = false;
  #welcomed = false;
  #buffer = []; // [stream, data] that arrived before the welcome
  #want = new Map(); // subKey → {topic, key, isolate}: what the streams carry
  #pending = new Map(); // subKey → id of the subscribe waiting for its `subscribed`
  #refused = new Map(); // subKey → error object, refused before the welcome: the answer to its subscribe
  #streams = []; // {sig, items, es, opened, url, started: Set}
  #planQueued = false;
  #merge = false;

  constructor(lc) {
    if (typeof lc._ES !== 'function') throw new TypeError('no EventSource here: pass the EventSource option');
    this.#lc = lc;
    this.#base = streamEndpoint(lc);
    queueMicrotask(() => {
      if (this.readyState !== 0) return;
      this.readyState = OPEN;
      this.onopen?.({});
    });
  }

  /** The URLs of the open streams (for tests and debugging). */
  get urls() {
    return this.#streams.map((s) => s.url);
  }

  send(text) {
    if (this.readyState !== OPEN) throw new Error('send on a socket that is not open');
    const m = JSON.parse(text);
    switch (m.type) {
      case 'hello': return this.#helloed(m);
      case 'subscribe': return this.#subscribe(m);
      case 'unsubscribe': return this.#unsubscribe(m);
      case 'refresh':
        this.#token = m.token ?? null;
        this.#replan('all'); // the token is in the URL: new streams carry the new one
        return this.#later({ type: 'refreshed', id: m.id });
      case 'ping': return this.#later({ type: 'pong' }); // EventSource hides the `: ping` comments
      default: return undefined; // ack: the position is all the server needs, and it is in the URL
    }
  }

  close() {
    if (this.readyState === CLOSED) return;
    this.readyState = CLOSED;
    for (const s of this.#streams) s.es.close();
    this.#streams = [];
  }

  #helloed(m) {
    this.#hello = true;
    this.#token = m.token ?? null;
    for (const sub of this.#lc._subs.values()) {
      if (sub._snapshot && sub._snapshot !== 'complete') continue; // its subscribe is refused after the welcome
      this.#want.set(subKey(sub.topic, sub.key), { topic: sub.topic, key: sub.key });
    }
    this.#replan();
    this.#maybeWelcome();
  }

  #subscribe(m) {
    if (m.pattern != null) {
      return this.#later({ type: 'error', id: m.id, code: 'bad_request',
        message: 'topic patterns need the WebSocket transport (a stream names its topics)' });
    }
    if (m.from === 'snapshot') {
      return this.#later({ type: 'error', id: m.id, code: 'bad_request',
        message: 'a snapshot needs the WebSocket transport (a stream has no snapshot)' });
    }
    const k = subKey(m.topic, m.key);
    const refused = this.#refused.get(k);
    if (refused) {
      this.#refused.delete(k);
      return this.#later({ ...refused, id: m.id });
    }
    this.#pending.set(k, m.id);
    if (!this.#want.has(k)) {
      this.#want.set(k, { topic: m.topic, key: m.key ?? null });
      this.#queueReplan();
    }
    return undefined;
  }

  #unsubscribe(m) {
    if (m.pattern != null) return this.#later({ type: 'unsubscribed', id: m.id, pattern: m.pattern });
    const k = subKey(m.topic, m.key);
    this.#pending.delete(k);
    if (this.#want.delete(k)) this.#queueReplan();
    this.#later({ type: 'unsubscribed', id: m.id, topic: m.topic, ...(m.key != null && { key: m.key }) });
  }

  /** Several subscribes in a row (after the welcome) make one reopen. */
  #queueReplan(mode = 'changed') {
    if (mode === 'merge') this.#merge = true;
    if (this.#planQueued) return;
    this.#planQueued = true;
    queueMicrotask(() => {
      this.#planQueued = false;
      const merge = this.#merge;
      this.#merge = false;
      if (this.readyState === OPEN) this.#replan(merge ? 'merge' : 'changed');
    });
  }

  /**
   * Opens the streams the wanted subscriptions need. `changed`: streams whose subscriptions are all
   * still wanted stay, the others' subscriptions and new ones get new streams. `merge`: the best
   * grouping now that more subscriptions have positions; only streams that are exactly that stay.
   * `all`: every stream again (a new token).
   */
  #replan(mode = 'changed') {
    const subs = new Map([...this.#lc._subs.values()].map((s) => [subKey(s.topic, s.key), s]));
    const kept = mode === 'changed'
      ? this.#streams.filter((s) => s.items.every((it) => this.#want.has(it.k)))
      : [];
    const carried = new Set(kept.flatMap((s) => s.items.map((it) => it.k)));
    const items = [];
    for (const [k, w] of this.#want) {
      const sub = subs.get(k);
      if (!sub || carried.has(k)) continue;
      const start = sub._positions.known ? sub.position() : sub.from;
      items.push({ k, topic: w.topic, key: w.key, start, isolate: w.isolate });
    }
    const plan = planStreams(items);
    if (mode === 'merge') {
      const sigs = new Set(plan.map((p) => p.sig));
      kept.push(...this.#streams.filter((s) => sigs.has(s.sig)));
    }
    for (const s of this.#streams) if (!kept.includes(s)) s.es.close(); // before the new ones read positions on
    const open = new Set(kept.map((s) => s.sig));
    this.#streams = kept;
    for (const p of plan) if (!open.has(p.sig)) this.#open(p);
  }

  #open(p) {
    const url = streamUrl(this.#base, p, this.#token);
    const es = new this.#lc._ES(url, { withCredentials: !!this.#lc._o.withCredentials });
    const s = { sig: p.sig, items: p.items, es, url, opened: false, started: new Set() };
    this.#streams.push(s);
    es.onopen = () => {
      if (!this.#current(s)) return;
      s.opened = true;
      this.#maybeWelcome();
    };
    es.onmessage = (e) => this.#current(s) && this.#event(s, e.data);
    es.onerror = () => this.#current(s) && this.#failed(s);
  }

  #current(s) {
    return this.readyState === OPEN && this.#streams.includes(s);
  }

  #maybeWelcome() {
    if (this.#welcomed || !this.#hello || this.readyState !== OPEN || !this.#streams.every((s) => s.opened)) return;
    this.#welcomed = true;
    // No session over SSE: the positions in the stream URL are the whole resume state.
    this.#emit({ type: 'welcome', session: null, secret: null, resumed: false, node: null, heartbeat: 0 });
    const buffered = this.#buffer;
    this.#buffer = [];
    for (const [s, data] of buffered) if (this.#current(s)) this.#event(s, data);
  }

  #event(s, data) {
    let m;
    try {
      m = JSON.parse(data);
    } catch {
      return this.#emit(data); // the client reports it as a bad frame
    }
    if (m?.type === 'close') return this.#end(Number(m.code) || 1006, String(m.reason ?? ''));
    if (!this.#welcomed) return void this.#buffer.push([s, data]);
    if (m?.type === 'subscribed') {
      const k = subKey(m.topic, m.key);
      if (this.#pending.has(k)) {
        m.id = this.#pending.get(k);
        this.#pending.delete(k);
        data = JSON.stringify(m);
      }
      s.started.add(k);
      if (s.started.size === s.items.length) for (const it of s.items) if (this.#want.has(it.k)) this.#want.get(it.k).isolate = false;
      this.#emit(data);
      // A stream of new subscriptions that have all started: join them to the others (one stream
      // fewer), now that they have positions.
      if (this.#streams.length > 1 && !s.sig.startsWith('position') && s.started.size === s.items.length) {
        this.#queueReplan('merge');
      }
      return undefined;
    }
    return this.#emit(data);
  }

  async #failed(s) {
    s.es.close(); // no automatic reconnect by EventSource: the client reconnects (see the top)
    if (s.opened) return this.#end(1006, 'the stream was interrupted');
    const answer = await probe(this.#lc, s.url);
    if (!this.#current(s)) return undefined;
    const what = refusal(answer.status);
    if (what.close) return this.#end(what.close, answer.message);
    this.#streams = this.#streams.filter((x) => x !== s);
    if (s.items.length > 1) {
      // Which subscription was refused? Give each its own stream and see.
      for (const it of s.items) if (this.#want.has(it.k)) this.#want.get(it.k).isolate = true;
      this.#replan();
      return this.#maybeWelcome();
    }
    const it = s.items[0];
    const error = { type: 'error', code: answer.code, message: answer.message, topic: it.topic,
      ...(it.key != null && { key: it.key }) };
    this.#want.delete(it.k);
    this.#replan();
    const id = this.#pending.get(it.k);
    this.#pending.delete(it.k);
    if (id != null) this.#emit({ ...error, id });
    else if (this.#welcomed) this.#emit({ ...error, id: null }); // a live subscription: the registry ends it
    else this.#refused.set(it.k, error);
    this.#maybeWelcome();
    return undefined;
  }

  #end(code, reason) {
    if (this.readyState === CLOSED) return;
    this.close();
    this.onclose?.({ code, reason });
  }

  #emit(m) {
    this.onmessage?.({ data: typeof m === 'string' ? m : JSON.stringify(m) });
  }

  /** Replies to a request after it was sent, as a server's would come. */
  #later(m) {
    queueMicrotask(() => this.readyState === OPEN && this.#emit(m));
  }
}
