// The SSE transport and the WebSocket → SSE fallback, against a fake EventSource, fetch, WebSocket and clock.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Logcast, eventId, planStreams, streamUrl, TransportChoice } from '../src/logcast.js';
import { settle, msg, welcome, EPOCH, fakeSocketClass, fakeEventSourceClass, fakeFetch, FakeClock }
  from '../test-support/fakes.js';

const subscribed = (over = {}) => ({ type: 'subscribed', topic: 'orders', epoch: EPOCH, recovered: true,
  reason: null, offsets: { 0: 0, 1: 0 }, ...over });

/** A client forced onto SSE (unless options say otherwise), with every fake it talks to. */
function sseClient(options = {}, answer) {
  const { FakeEventSource, streams } = fakeEventSourceClass();
  const { fetch, calls } = fakeFetch(answer);
  const clock = new FakeClock();
  const events = [];
  const lc = new Logcast('http://gw.test/ws', { transports: ['sse'], EventSource: FakeEventSource, fetch, clock,
    random: () => 0.5, ...options });
  for (const e of ['connecting', 'connected', 'disconnected', 'closed', 'error', 'fallback']) {
    lc.on(e, (d) => events.push([e, d]));
  }
  return { lc, streams, calls, clock, events, last: () => streams.at(-1) };
}

/** Forced SSE, subscribed to `orders` from earliest, stream open and `subscribed` received. */
async function streaming(options = {}, answer) {
  const h = sseClient(options, answer);
  h.got = [];
  h.sub = h.lc.subscribe('orders', { from: 'earliest', onMessage: (m) => h.got.push(`${m.partition}:${m.offset}`),
    onError: (e) => (h.failed = e) });
  await settle();
  h.last().open();
  h.last().receive(subscribed());
  return h;
}

const connectedEvents = (h) => h.events.filter(([e]) => e === 'connected').map(([, d]) => d);

// ---- ids, plans, URLs -------------------------------------------------------------------------------

test('the stream position id: 1~ then epoch and next offsets per subscription, in URL order', () => {
  assert.equal(eventId([{ epoch: 'E1', offsets: { 0: 5, 1: 0, 2: 7 } }, { epoch: 'E2', offsets: { 0: 3 } }]),
    '1~E1.5.0.7~E2.3');
  // keys are strings in JSON; a partition the position does not name starts at the log start (0)
  assert.equal(eventId([{ epoch: 'E', offsets: { 2: 9, 0: 1 } }]), '1~E.1.0.9');
});

test('streams: positions together, new subscriptions by from, a topic once per stream', () => {
  const pos = { epoch: 'E', offsets: { 0: 2 } };
  const plan = planStreams([
    { k: 'a', topic: 'orders', key: null, start: pos },
    { k: 'b', topic: 'prices', key: 'eur', start: { epoch: 'F', offsets: { 0: 1, 1: 4 } } },
    { k: 'c', topic: 'prices', key: 'usd', start: pos }, // same topic: another stream
    { k: 'd', topic: 'news', key: null, start: 'earliest' },
    { k: 'e', topic: 'logs', key: null, start: { time: 1700000000000 } },
    { k: 'f', topic: 'audit', key: null, start: 'earliest' },
  ]);
  assert.deepEqual(plan.map((p) => [p.items.map((i) => i.k), p.from, p.lastEventId]), [
    [['a', 'b'], null, '1~E.2~F.1.4'],
    [['c'], null, '1~E.2'],
    [['d', 'f'], 'earliest', null],
    [['e'], 'time:1700000000000', null],
  ]);
  const url = new URL(streamUrl('https://gw.test/v1/stream', plan[0], 'T/1+'));
  assert.deepEqual(url.searchParams.getAll('sub'), ['orders', 'prices/eur']);
  assert.equal(url.searchParams.get('lastEventId'), '1~E.2~F.1.4');
  assert.equal(url.searchParams.get('access_token'), 'T/1+');
  assert.equal(url.searchParams.get('from'), null);
  assert.ok(url.search.includes('sub=prices%2Feur'), 'the key is percent-encoded');
});

test('the fallback rule: 2 failures in a row before connecting switch; server codes and successes do not', () => {
  const t = new TransportChoice(['websocket', 'sse'], 2);
  assert.equal(t.pick(), 'websocket');
  assert.equal(t.ended(4001, false), false, 'the server answered: the transport works');
  assert.equal(t.ended(1006, false), false);
  assert.equal(t.ended(1006, true), false, 'a connection that was up: an outage, not a blocked transport');
  assert.equal(t.ended(1006, false), false);
  assert.equal(t.ended(1006, false), true);
  assert.equal(t.current, 'sse');
  t.ended(1006, false);
  assert.equal(t.ended(1006, false), true, 'wraps around');
  assert.equal(t.current, 'websocket');
  assert.throws(() => new TransportChoice(['carrier-pigeon']), TypeError);
  assert.equal(new TransportChoice(['websocket', 'sse'], 2, (n) => n === 'sse').pick(), 'sse', 'missing: skipped');
});

// ---- transports: order, forced modes, visibility ----------------------------------------------------

test('fallback: the WebSocket is cut twice before any welcome, the third attempt streams over SSE', async () => {
  const { FakeSocket, sockets } = fakeSocketClass();
  const h = sseClient({ transports: undefined, WebSocket: FakeSocket });
  h.lc.subscribe('orders', { from: 'earliest', onMessage() {} });
  await settle();
  assert.equal(h.lc.transport, 'websocket');
  sockets[0].serverClose(1006);
  h.clock.advance(h.clock.nextDelay());
  await settle();
  sockets[1].open(); // the upgrade goes through, then the proxy cuts it before the welcome
  sockets[1].serverClose(1006);
  assert.deepEqual(h.events.find(([e]) => e === 'fallback')[1], { from: 'websocket', to: 'sse', code: 1006 });
  h.clock.advance(h.clock.nextDelay());
  await settle();
  assert.equal(sockets.length, 2, 'no third WebSocket');
  assert.equal(h.streams.length, 1);
  assert.equal(h.lc.transport, 'sse');
  assert.equal(h.lc.state, 'connecting', 'connected only once the stream is open');
  h.last().open();
  assert.equal(h.lc.state, 'connected');
  assert.deepEqual(connectedEvents(h).at(-1), { node: null, session: null, resumed: false, reason: null,
    resumeRequested: false, heartbeat: 0, transport: 'sse' });
  h.lc.close();
  assert.equal(h.last().closed, true);
});

test('a WebSocket refused by the server (4001, 1013) is not a reason to fall back', async () => {
  const { FakeSocket, sockets } = fakeSocketClass();
  const h = sseClient({ transports: ['websocket', 'sse'], WebSocket: FakeSocket, getToken: () => 'T' });
  for (const code of [4001, 1013, 4001]) {
    await settle();
    sockets.at(-1).open();
    sockets.at(-1).serverClose(code);
    h.clock.advance(h.clock.nextDelay());
  }
  await settle();
  assert.equal(sockets.length, 4);
  assert.equal(h.streams.length, 0);
  h.lc.close();
});

test('transports: ["websocket"] never falls back; a runtime without WebSocket goes straight to SSE', async () => {
  const { FakeSocket, sockets } = fakeSocketClass();
  const h = sseClient({ transports: ['websocket'], WebSocket: FakeSocket });
  for (let i = 0; i < 5; i++) {
    await settle();
    sockets.at(-1).serverClose(1006);
    h.clock.advance(h.clock.nextDelay());
  }
  assert.equal(h.streams.length, 0);
  h.lc.close();

  const h2 = sseClient({ transports: ['websocket', 'sse'], WebSocket: null });
  h2.lc.subscribe('orders', { onMessage() {} });
  await settle();
  assert.equal(h2.streams.length, 1);
  assert.equal(h2.lc.transport, 'sse');
  h2.lc.close();
});

test('forced SSE: no WebSocket at all; one stream with the subscriptions, from and the token', async () => {
  const { FakeSocket, sockets } = fakeSocketClass();
  const h = sseClient({ WebSocket: FakeSocket, token: 'jwt.x.y' });
  h.lc.subscribe('orders', { from: 'earliest', onMessage() {} });
  h.lc.subscribe('prices', { key: 'eur/usd', from: 'earliest', onMessage() {} });
  await settle();
  assert.equal(sockets.length, 0);
  assert.equal(h.streams.length, 1);
  const es = h.last();
  assert.equal(new URL(es.url).pathname, '/v1/stream');
  assert.deepEqual(es.subs(), ['orders', 'prices/eur/usd']);
  assert.equal(es.param('from'), 'earliest');
  assert.equal(es.param('access_token'), 'jwt.x.y');
  assert.equal(es.param('lastEventId'), null);
  h.lc.close();
});

test('the stream URL follows the WebSocket path, or the httpUrl option', async () => {
  const h = sseClient({ transports: ['sse'] });
  h.lc.url = 'wss://gw.test/logcast/ws';
  h.lc.subscribe('orders', { onMessage() {} });
  await settle();
  assert.equal(h.last().url, 'https://gw.test/logcast/v1/stream?sub=orders');
  h.lc.close();
  const h2 = sseClient({ httpUrl: 'https://api.test/lc/' });
  h2.lc.subscribe('orders', { onMessage() {} });
  await settle();
  assert.ok(h2.last().url.startsWith('https://api.test/lc/v1/stream?'));
  h2.lc.close();
});

// ---- delivery, positions, re-subscribing -------------------------------------------------------------

test('over SSE: the same callbacks, positions, iteration; events before the open wait for the welcome', async () => {
  const h = sseClient();
  const got = [];
  const recovered = [];
  const sub = h.lc.subscribe('orders', { from: 'earliest', onMessage: (m) => got.push(m.offset),
    onRecovered: (ok, r) => recovered.push([ok, r]) });
  const it = h.lc.subscribe('prices', { from: 'earliest' })[Symbol.asyncIterator]();
  await settle();
  const es = h.last();
  es.receive(subscribed(), msg(0, 0)); // the data can come before EventSource reports open
  assert.deepEqual(got, []);
  es.open();
  es.receive(subscribed({ topic: 'prices', offsets: { 0: 3 } }), msg(0, 3, { topic: 'prices' }), msg(0, 1));
  assert.deepEqual(got, [0, 1]);
  assert.equal(sub.state, 'active');
  assert.deepEqual(sub.position(), { epoch: EPOCH, offsets: { 0: 2, 1: 0 } });
  assert.equal((await it.next()).value.offset, 3);
  assert.deepEqual(recovered, [], 'started from earliest: nothing to recover');
  h.lc.close();
});

test('a new subscription opens a stream of its own, then joins the others carrying their positions', async () => {
  const h = await streaming();
  h.last().receive(msg(0, 0), msg(1, 0), msg(0, 1));
  const first = h.last();
  const other = [];
  h.lc.subscribe('prices', { key: 'eur', from: 'latest', onMessage: (m) => other.push(m.offset) });
  await settle();
  assert.equal(first.closed, false, 'a stream whose subscriptions did not change stays');
  const fresh = h.last();
  assert.deepEqual(fresh.subs(), ['prices/eur']);
  assert.equal(fresh.param('from'), null, '"latest" is the default');
  fresh.open();
  fresh.receive(subscribed({ topic: 'prices', key: 'eur', offsets: { 0: 40, 1: 7 } }), msg(1, 7, { topic: 'prices', key: 'eur' }));
  await settle();
  // now both have positions: one stream for the two, from exactly where each one is
  assert.equal(first.closed, true);
  assert.equal(fresh.closed, true);
  const merged = h.last();
  assert.deepEqual(merged.subs(), ['orders', 'prices/eur']);
  assert.equal(merged.param('lastEventId'), `1~${EPOCH}.2.1~${EPOCH}.40.8`);
  assert.equal(merged.param('from'), null);
  merged.open();
  // the server starts both again (no ids: the registry ignores them), then carries on
  merged.receive(subscribed({ offsets: { 0: 2, 1: 1 } }), subscribed({ topic: 'prices', key: 'eur', offsets: { 0: 40, 1: 8 } }),
    msg(0, 2), msg(1, 8, { topic: 'prices', key: 'eur' }));
  assert.deepEqual(h.got, ['0:0', '1:0', '0:1', '0:2']);
  assert.deepEqual(other, [7, 8]);
  assert.equal(h.lc.state, 'connected');
  assert.equal(h.events.filter(([e]) => e === 'connected').length, 1, 're-subscribing is not a reconnect');
  h.lc.close();
});

test('unsubscribe reopens the stream without it, from the positions of the others', async () => {
  const h = sseClient();
  h.lc.subscribe('orders', { from: { epoch: EPOCH, offsets: { 0: 4, 1: 2 } }, onMessage() {} });
  const prices = h.lc.subscribe('prices', { from: { epoch: 'P', offsets: { 0: 9 } }, onMessage() {} });
  await settle();
  const es = h.last();
  assert.equal(es.param('lastEventId'), `1~${EPOCH}.4.2~P.9`, 'positions given as from go in the id');
  es.open();
  es.receive(subscribed({ offsets: { 0: 4, 1: 2 } }), subscribed({ topic: 'prices', epoch: 'P', offsets: { 0: 9 } }), msg(0, 4));
  await prices.unsubscribe();
  await settle();
  assert.equal(es.closed, true);
  assert.deepEqual(h.last().subs(), ['orders']);
  assert.equal(h.last().param('lastEventId'), `1~${EPOCH}.5.2`);
  h.lc.close();
});

test('a cut stream: the SDK (not EventSource) reconnects from its positions and drops what comes twice', async () => {
  const h = await streaming();
  const es = h.last();
  es.receive(msg(0, 0), msg(0, 1), msg(1, 0));
  es.fail(); // a browser would reconnect by itself with Last-Event-ID: the SDK closes it instead
  assert.equal(es.closed, true);
  assert.equal(h.lc.state, 'disconnected');
  assert.equal(h.events.at(-1)[1].code, 1006);
  h.clock.advance(h.clock.nextDelay());
  await settle();
  const es2 = h.last();
  assert.notEqual(es2, es);
  assert.equal(es2.param('lastEventId'), `1~${EPOCH}.2.1`);
  es2.open();
  // a server replaying a little too much (the SDK's dedupe is the last line)
  es2.receive(subscribed({ offsets: { 0: 2, 1: 1 } }), msg(0, 1), msg(0, 2), msg(1, 1));
  assert.deepEqual(h.got, ['0:0', '0:1', '1:0', '0:2', '1:1']);
  assert.equal(h.sub.duplicates, 1);
  assert.equal(connectedEvents(h).length, 2);
  h.lc.close();
});

// ---- close objects and HTTP refusals -------------------------------------------------------------------

test('close 4009 (too slow): reconnect and resume from the position', async () => {
  const h = await streaming();
  h.last().receive(msg(0, 0), { type: 'close', code: 4009, reason: 'too slow' }, msg(0, 1));
  assert.equal(h.lc.state, 'disconnected');
  assert.deepEqual(h.got, ['0:0'], 'nothing after the close');
  h.clock.advance(h.clock.nextDelay());
  await settle();
  assert.equal(h.last().param('lastEventId'), `1~${EPOCH}.1.0`);
  h.lc.close();
});

test('close 4003 (disconnected by an administrator): stop, as over a WebSocket', async () => {
  const h = await streaming();
  h.last().receive({ type: 'close', code: 4003, reason: 'kicked' });
  assert.equal(h.lc.state, 'closed');
  assert.equal(h.events.at(-1)[1].error.closeCode, 4003);
  h.clock.advance(60_000);
  assert.equal(h.streams.length, 1, 'no reconnect');
});

test('close 4010 (token expired): getToken("expired"), then a stream with the new token from the position', async () => {
  const reasons = [];
  const h = await streaming({ getToken: ({ reason }) => { reasons.push(reason); return `T${reasons.length}`; } });
  assert.equal(h.last().param('access_token'), 'T1');
  h.last().receive(msg(0, 0), { type: 'close', code: 4010, reason: 'token expired' });
  h.clock.advance(h.clock.nextDelay());
  await settle();
  assert.deepEqual(reasons, ['connect', 'expired']);
  assert.equal(h.last().param('access_token'), 'T2');
  assert.equal(h.last().param('lastEventId'), `1~${EPOCH}.1.0`);
  h.lc.close();
  // with a fixed token there is nothing to renew: stop
  const h2 = await streaming({ token: 'fixed' });
  h2.last().receive({ type: 'close', code: 4010 });
  assert.equal(h2.lc.state, 'closed');
  assert.equal(h2.events.at(-1)[1].error.code, 'token_expired');
});

test('a stream refused with 401: the SDK reads why (fetch) and renews the token', async () => {
  const reasons = [];
  const h = sseClient({ getToken: ({ reason }) => { reasons.push(reason); return 'T'; } },
    () => ({ status: 401, body: { type: 'error', code: 'unauthorized', message: 'token expired' } }));
  h.lc.subscribe('orders', { onMessage() {} });
  await settle();
  h.last().fail();
  await settle();
  assert.equal(h.calls[0].url, h.last().url, 'the same request, to read the status');
  assert.equal(h.calls[0].init.headers.Accept, 'text/event-stream');
  assert.equal(h.lc.state, 'disconnected');
  assert.equal(h.events.at(-1)[1].code, 4001);
  h.clock.advance(h.clock.nextDelay());
  await settle();
  assert.deepEqual(reasons, ['connect', 'unauthorized']);
  h.lc.close();
});

test('a stream refused with 503: the longer backoff of 1013; no answer at all: 1006', async () => {
  const h = sseClient({}, () => ({ status: 503, body: { type: 'error', code: 'unavailable', message: 'draining' } }));
  h.lc.subscribe('orders', { onMessage() {} });
  await settle();
  h.last().fail();
  await settle();
  assert.equal(h.events.at(-1)[1].code, 1013);
  assert.ok(h.events.at(-1)[1].delay >= 2500, 'at least half the slow base');
  h.lc.close();
  const h2 = sseClient({}, () => { throw new TypeError('Failed to fetch'); });
  h2.lc.subscribe('orders', { onMessage() {} });
  await settle();
  h2.last().fail();
  await settle();
  assert.equal(h2.events.at(-1)[1].code, 1006);
  h2.lc.close();
});

test('a refused subscription fails alone: each gets a stream of its own until the server says which', async () => {
  const h = sseClient({}, (url) => (new URL(url).searchParams.getAll('sub').includes('secret')
    ? { status: 403, body: { type: 'error', code: 'forbidden', message: "topic 'secret' is not exposed" } }
    : { status: 200, body: null }));
  const errors = [];
  const got = [];
  h.lc.subscribe('orders', { from: 'earliest', onMessage: (m) => got.push(m.offset) });
  const bad = h.lc.subscribe('secret', { from: 'earliest', onMessage() {}, onError: (e) => errors.push(e) });
  await settle();
  assert.deepEqual(h.last().subs(), ['orders', 'secret']);
  h.last().fail();
  await settle();
  const [orders, secret] = h.streams.slice(1);
  assert.deepEqual([orders.subs(), secret.subs()], [['orders'], ['secret']]);
  orders.open();
  secret.fail();
  await settle();
  assert.equal(h.lc.state, 'connected', 'connected with what is allowed');
  assert.equal(bad.state, 'failed');
  assert.equal(errors[0].code, 'forbidden');
  orders.receive(subscribed(), msg(0, 0));
  assert.deepEqual(got, [0]);
  h.lc.close();
});

// ---- publishing over HTTP --------------------------------------------------------------------------------

test('publish over SSE is a POST to the HTTP API with the bearer token and idempotency key', async () => {
  const h = await streaming({ token: 'jwt.a.b' },
    () => ({ status: 200, body: { topic: 'orders', partition: 2, offset: 41 } }));
  const res = await h.lc.publish('orders', { status: 'paid' }, { key: 'order-42', headers: { s: 'b' }, idempotencyKey: 'idem-1' });
  assert.deepEqual(res, { topic: 'orders', partition: 2, offset: 41 });
  const c = h.calls[0];
  assert.equal(c.url, 'http://gw.test/v1/topics/orders/messages');
  assert.equal(c.init.method, 'POST');
  assert.equal(c.init.headers.Authorization, 'Bearer jwt.a.b');
  assert.equal(c.init.headers['Idempotency-Key'], 'idem-1');
  assert.deepEqual(c.body, { data: { status: 'paid' }, key: 'order-42', headers: { s: 'b' } });
  h.lc.close();
});

test('publish over SSE: HTTP errors reject with their code; a lost request too, unless it is idempotent', async () => {
  let mode = 'forbidden';
  const h = await streaming({}, () => {
    if (mode === 'forbidden') return { status: 403, body: { type: 'error', code: 'forbidden', message: 'no' } };
    if (mode === 'down') { mode = 'ok'; throw new TypeError('Failed to fetch'); }
    return { status: 200, body: { topic: 'orders', partition: 0, offset: 7 } };
  });
  await assert.rejects(h.lc.publish('orders', 1), (e) => e.code === 'forbidden');
  mode = 'down';
  await assert.rejects(h.lc.publish('orders', 2), (e) => e.code === 'disconnected');
  mode = 'down';
  const p = h.lc.publish('orders', 3, { idempotencyKey: 'k' });
  await settle();
  h.clock.advance(h.clock.nextDelay()); // sent again after a backoff
  assert.deepEqual(await p, { topic: 'orders', partition: 0, offset: 7 });
  assert.equal(h.calls.at(-1).init.headers['Idempotency-Key'], 'k');
  h.lc.close();
});

test('publish over SSE does not wait for the stream, and a dropped stream does not fail it', async () => {
  let release;
  const h = await streaming({}, () => new Promise((r) => { release = r; }));
  const p = h.lc.publish('orders', 1);
  await settle();
  h.last().fail(); // the stream drops while the POST is in flight
  assert.equal(h.lc.state, 'disconnected');
  release({ status: 200, body: { topic: 'orders', partition: 1, offset: 3 } });
  assert.deepEqual(await p, { topic: 'orders', partition: 1, offset: 3 });
  const q = h.lc.publish('orders', 2); // while disconnected: at once
  await settle();
  assert.equal(h.calls.length, 2);
  release({ status: 200, body: { topic: 'orders', partition: 0, offset: 4 } });
  assert.equal((await q).offset, 4);
  h.lc.close();
});

test('a WebSocket client sends acks; over SSE nothing is sent but the stream requests', async () => {
  const h = await streaming({ ackIntervalMs: 10 });
  h.last().receive(msg(0, 0));
  h.clock.advance(20);
  assert.equal(h.calls.length, 0);
  assert.equal(h.streams.length, 1);
  assert.equal(h.lc.state, 'connected');
  h.lc.close();
});

test('welcome over WebSocket still reports its transport', async () => {
  const { FakeSocket, sockets } = fakeSocketClass();
  const lc = new Logcast('ws://gw.test/ws', { WebSocket: FakeSocket, clock: new FakeClock() });
  let info;
  lc.on('connected', (c) => { info = c; });
  await settle();
  sockets[0].open();
  sockets[0].receive(welcome());
  assert.equal(info.transport, 'websocket');
  assert.equal(lc.transport, 'websocket');
  lc.close();
});

test('a topic pattern over SSE fails with bad_request (a stream names its topics); the others stream on', { timeout: 5000 }, async () => {
  const h = await streaming();
  const p = h.lc.subscribe('orders.*', { onMessage() {} });
  await assert.rejects(p.ready(), (e) => e.code === 'bad_request' && /WebSocket/.test(e.message));
  assert.equal(p.state, 'failed');
  assert.deepEqual(h.last().subs(), ['orders']);
  h.last().receive(msg(0, 0));
  assert.deepEqual(h.got, ['0:0']);
  h.lc.close();
});
