// Test doubles: a WebSocket the test drives by hand, and a clock whose time only moves on advance();
// the server's common replies (welcome, message, subscribed) and helpers to play the server with them.
import assert from 'node:assert/strict';

export class FakeClock {
  constructor() {
    this.t = 1_000_000;
    this.timers = new Map();
    this.seq = 0;
  }
  now = () => this.t;
  setTimeout = (fn, ms) => {
    const id = ++this.seq;
    this.timers.set(id, { at: this.t + Math.max(0, ms ?? 0), fn });
    return id;
  };
  clearTimeout = (id) => {
    this.timers.delete(id);
  };
  /** Runs every timer due within `ms`, in time order, including ones scheduled meanwhile. */
  advance(ms) {
    const end = this.t + ms;
    for (;;) {
      let next = null;
      for (const [id, tm] of this.timers) if (tm.at <= end && (!next || tm.at < next[1].at)) next = [id, tm];
      if (!next) break;
      this.timers.delete(next[0]);
      this.t = next[1].at;
      next[1].fn();
    }
    this.t = end;
  }
  /** Delay of the pending timer that fires first (ms from now), or null. */
  nextDelay() {
    let min = null;
    for (const tm of this.timers.values()) if (min === null || tm.at < min) min = tm.at;
    return min === null ? null : min - this.t;
  }
}

export function fakeSocketClass() {
  const sockets = [];
  class FakeSocket {
    static OPEN = 1;
    constructor(url, protocols) {
      this.url = url;
      this.protocols = protocols;
      this.readyState = 0;
      this.sent = [];
      this.closedWith = null;
      this.onopen = this.onmessage = this.onclose = this.onerror = null;
      sockets.push(this);
    }
    send(text) {
      if (this.readyState !== 1) throw new Error('send on a socket that is not open');
      this.sent.push(JSON.parse(text));
    }
    close(code, reason) {
      this.closedWith = { code, reason };
      this.readyState = 3;
    }
    // ---- driven by the test, as the server ----
    open() {
      this.readyState = 1;
      this.onopen?.({});
    }
    /** One frame holding the objects, separated by "\n" as the server coalesces them. */
    receive(...objects) {
      this.onmessage?.({ data: objects.map((o) => (typeof o === 'string' ? o : JSON.stringify(o))).join('\n') });
    }
    serverClose(code, reason = '') {
      this.readyState = 3;
      this.onclose?.({ code, reason });
    }
    last(type) {
      return this.sent.filter((m) => m.type === type).at(-1);
    }
    all(type) {
      return this.sent.filter((m) => m.type === type);
    }
  }
  return { FakeSocket, sockets };
}

/** Lets queued microtasks and promise continuations run. */
export const settle = () => new Promise((r) => setImmediate(r));

export const EPOCH = 'ep0000000000000000000A';

export const welcome = (over = {}) => ({ type: 'welcome', session: 'S1', secret: 'secret-1', resumed: false,
  node: 'gw-1', heartbeat: 25000, ...over });

export const msg = (partition, offset, over = {}) => ({ type: 'message', topic: 'orders', partition, offset,
  timestamp: 1, data: { n: offset }, ...over });

/** The server's `subscribed` for `orders` (a restore or a `subscribed` without id unless `over` has one). */
export const subscribed = (over = {}) => ({ type: 'subscribed', topic: 'orders', epoch: EPOCH, recovered: true,
  reason: null, offsets: { 0: 0, 1: 0 }, ...over });

/** The server's `subscribed` for `orders`, answering the request `id`. */
export const subscribedTo = (id, over = {}) => ({ type: 'subscribed', id, ...subscribed(over) });

/** A client with a fake socket and clock; returns helpers to play the server. */
export async function connected(Logcast, options = {}, welcomeOver = {}) {
  const { FakeSocket, sockets } = fakeSocketClass();
  const clock = new FakeClock();
  const events = [];
  const lc = new Logcast('ws://gw.test/ws', { WebSocket: FakeSocket, clock, random: () => 0.5, ...options });
  for (const e of ['connecting', 'connected', 'disconnected', 'closed', 'error']) lc.on(e, (d) => events.push([e, d]));
  await settle();
  const ws = sockets[0];
  ws.open();
  ws.receive(welcome(welcomeOver));
  return { lc, ws, sockets, clock, events, FakeSocket };
}

/** Drops the socket of `connected(…)`'s `h` with `code` and brings up the next one, up to its hello. */
export async function reconnectAfter(h, code) {
  h.ws.serverClose(code);
  assert.equal(h.lc.state, 'disconnected');
  h.clock.advance(h.clock.nextDelay());
  await settle();
  const ws = h.sockets.at(-1);
  ws.open();
  return ws;
}

/** An EventSource the test drives as the server; `streams` holds every one created, in order. */
export function fakeEventSourceClass() {
  const streams = [];
  class FakeEventSource {
    constructor(url, init) {
      this.url = url;
      this.init = init;
      this.readyState = 0;
      this.onopen = this.onmessage = this.onerror = null;
      streams.push(this);
    }
    close() {
      this.readyState = 2;
    }
    get closed() {
      return this.readyState === 2;
    }
    /** The request's query parameter(s). */
    param(name) {
      return new URL(this.url).searchParams.get(name);
    }
    subs() {
      return new URL(this.url).searchParams.getAll('sub');
    }
    // ---- driven by the test, as the server ----
    open() {
      this.readyState = 1;
      this.onopen?.({});
    }
    /** One event per object, as the server writes them. */
    receive(...objects) {
      for (const o of objects) {
        if (this.readyState === 2) return;
        this.onmessage?.({ data: typeof o === 'string' ? o : JSON.stringify(o) });
      }
    }
    /** The connection failed or was cut: a browser would now reconnect by itself, unless closed. */
    fail() {
      this.readyState = 0;
      this.onerror?.({});
    }
  }
  return { FakeEventSource, streams };
}

/**
 * A fetch whose answers come from `answer(url, init)`: `{status, body}`, or a thrown error for a
 * network failure. Every call is recorded in `calls` as {url, init, body (parsed JSON)}.
 */
export function fakeFetch(answer = () => ({ status: 200, body: {} })) {
  const calls = [];
  const fetch = async (url, init = {}) => {
    calls.push({ url: String(url), init, body: init.body ? JSON.parse(init.body) : undefined });
    const r = await answer(String(url), init);
    return { ok: r.status >= 200 && r.status < 300, status: r.status, json: async () => r.body };
  };
  return { fetch, calls };
}
