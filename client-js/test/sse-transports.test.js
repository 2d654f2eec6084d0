// The SSE transport against a fake EventSource, fetch, WebSocket and clock: stream ids, plans and URLs,
// the WebSocket → SSE fallback, forced modes.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { eventId, planStreams, streamUrl, TransportChoice } from '../src/logcast.js';
import { settle, fakeSocketClass } from '../test-support/fakes.js';
import { sseClient, connectedEvents } from '../test-support/sse-client.js';

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
