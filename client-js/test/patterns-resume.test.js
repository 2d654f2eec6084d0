// Topic pattern subscriptions against a fake socket: resume (resumed true and false), persistence,
// leaving while disconnected, a pattern refused after its topics were subscribed again.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Logcast } from '../src/logcast.js';
import { connected, settle, welcome, EPOCH, fakeSocketClass, FakeClock } from '../test-support/fakes.js';
import { reply, started, on, patternSub, withPattern } from '../test-support/pattern-replies.js';

/** Drops the socket and brings up the next one, up to its hello. */
async function reconnect(h) {
  h.ws.serverClose(1006);
  h.clock.advance(h.clock.nextDelay());
  await settle();
  const ws = h.sockets.at(-1);
  ws.open();
  return ws;
}

test('resumed: each topic\'s position is presented; the session restores the pattern and topics created meanwhile', async () => {
  const h = await withPattern();
  h.ws.receive(on('orders.eu', 0, 0), on('orders.eu', 0, 1), on('orders.us', 0, 0));
  const ws2 = await reconnect(h);
  assert.deepEqual(ws2.sent[0].resume.subscriptions, [
    { topic: 'orders.eu', epoch: EPOCH, offsets: { 0: 2 } },
    { topic: 'orders.us', epoch: EPOCH, offsets: { 0: 1 } },
  ]);
  ws2.receive(welcome({ resumed: true }), started('orders.eu', { offsets: { 0: 2 } }), started('orders.us', { offsets: { 0: 1 } }),
    started('orders.jp'), on('orders.eu', 0, 1), on('orders.eu', 0, 2), on('orders.jp', 0, 0));
  assert.equal(ws2.all('subscribe').length, 0, 'neither the pattern nor its topics are asked again');
  h.clock.advance(5000);
  assert.equal(ws2.all('subscribe').length, 0);
  assert.deepEqual(h.got.slice(3), ['orders.eu@0:2', 'orders.jp@0:0']);
  assert.deepEqual(h.sub.topics, ['orders.eu', 'orders.jp', 'orders.us']);
  assert.equal(h.sub.state, 'active');
  h.lc.close();
});

test('resume failed: every known topic from its own position first, then the pattern', async () => {
  const h = await withPattern();
  h.ws.receive(on('orders.eu', 0, 0), on('orders.us', 0, 0), on('orders.us', 0, 1));
  const ws2 = await reconnect(h);
  ws2.receive(welcome({ session: 'S2', secret: 'secret-2', resumed: false, reason: 'unknown' }));
  const subs = ws2.all('subscribe');
  assert.deepEqual(subs.map((s) => [s.topic ?? s.pattern, s.from]), [
    ['orders.eu', { epoch: EPOCH, offsets: { 0: 1 } }],
    ['orders.us', { epoch: EPOCH, offsets: { 0: 2 } }],
    ['orders.*', 'latest'],
  ]);
  ws2.receive(started('orders.eu', { id: subs[0].id, offsets: { 0: 1 } }), started('orders.us', { id: subs[1].id, offsets: { 0: 2 } }),
    reply(subs[2].id, ['orders.eu', 'orders.jp', 'orders.us']), started('orders.jp'),
    on('orders.us', 0, 1), on('orders.us', 0, 2), on('orders.jp', 0, 0));
  assert.deepEqual(h.got.slice(3), ['orders.us@0:2', 'orders.jp@0:0']);
  assert.deepEqual(h.sub.topics, ['orders.eu', 'orders.jp', 'orders.us']);
  assert.equal(ws2.all('unsubscribe').length, 0);
  h.lc.close();
});

test('persist: each topic\'s processed position is saved; a reload presents them and subscribes them from there', async () => {
  const store = new Map();
  const storage = { getItem: (k) => store.get(k) ?? null, setItem: (k, v) => store.set(k, v) };
  const h = await withPattern({ persist: 'demo', storage });
  h.ws.receive(on('orders.eu', 0, 0), on('orders.us', 0, 0), on('orders.us', 0, 1));
  h.clock.advance(1000);
  assert.deepEqual(JSON.parse(store.get('demo')).subs, [
    { topic: 'orders.eu', key: null, epoch: EPOCH, offsets: { 0: 1 } },
    { topic: 'orders.us', key: null, epoch: EPOCH, offsets: { 0: 2 } },
  ]);
  h.lc.close();

  // the page reloads
  const { FakeSocket, sockets } = fakeSocketClass();
  const lc = new Logcast('ws://gw/ws', { WebSocket: FakeSocket, clock: new FakeClock(), persist: 'demo', storage });
  const got = [];
  const sub = lc.subscribe('orders.*', { onMessage: (m) => got.push(`${m.topic}:${m.offset}`) });
  await settle();
  sockets[0].open();
  assert.deepEqual(sockets[0].sent[0].resume.subscriptions, [
    { topic: 'orders.eu', epoch: EPOCH, offsets: { 0: 1 } },
    { topic: 'orders.us', epoch: EPOCH, offsets: { 0: 2 } },
  ]);
  sockets[0].receive(welcome({ resumed: false, reason: 'unknown', session: 'S9' }));
  assert.deepEqual(sockets[0].all('subscribe').map((s) => [s.topic ?? s.pattern, s.from]), [
    ['orders.eu', { epoch: EPOCH, offsets: { 0: 1 } }],
    ['orders.us', { epoch: EPOCH, offsets: { 0: 2 } }],
    ['orders.*', 'latest'],
  ]);
  const [eu, , p] = sockets[0].all('subscribe');
  sockets[0].receive(started('orders.eu', { id: eu.id, offsets: { 0: 1 } }), on('orders.eu', 0, 0), on('orders.eu', 0, 1));
  assert.deepEqual(got, ['orders.eu:1']);
  sockets[0].receive(reply(p.id, ['orders.eu', 'orders.us']));
  assert.equal(sub.state, 'active');
  lc.close();
});

test('persist: after a reload into a resumed session, the pattern the session holds is taken as it is', async () => {
  const { lc, ws } = await connected(Logcast, {}, { resumed: true });
  const sub = lc.subscribe('orders.*', { onMessage() {} });
  ws.receive(started('orders.eu')); // restored by the session before our request was read
  ws.receive({ type: 'error', id: patternSub(ws).id, code: 'bad_request', message: "already subscribed to pattern 'orders.*'" });
  assert.equal(sub.state, 'active');
  assert.deepEqual(sub.topics, ['orders.eu']);
  assert.equal(ws.all('unsubscribe').length, 0);
  lc.close();
});

test('left while disconnected: unsubscribed on the resumed session', async () => {
  const h = await withPattern();
  h.ws.serverClose(1006);
  await h.sub.unsubscribe();
  h.clock.advance(h.clock.nextDelay());
  await settle();
  const ws2 = h.sockets.at(-1);
  ws2.open();
  assert.deepEqual(ws2.sent[0].resume.subscriptions, []);
  ws2.receive(welcome({ resumed: true }));
  assert.deepEqual({ ...ws2.last('unsubscribe'), id: 0 }, { type: 'unsubscribe', id: 0, pattern: 'orders.*' });
  h.lc.close();
});

test('a pattern refused after its topics were subscribed again one by one: those are unsubscribed', async () => {
  const h = await withPattern();
  h.ws.receive(on('orders.eu', 0, 0));
  const ws2 = await reconnect(h);
  ws2.receive(welcome({ session: 'S2', resumed: false }));
  const [eu, us, p] = ws2.all('subscribe');
  ws2.receive(started('orders.eu', { id: eu.id, offsets: { 0: 1 } }), started('orders.us', { id: us.id }));
  ws2.receive({ type: 'error', id: p.id, code: 'forbidden', message: 'patterns are not allowed' });
  assert.equal(h.sub.state, 'failed');
  assert.deepEqual(ws2.all('unsubscribe').map((u) => u.topic).sort(), ['orders.eu', 'orders.us']);
  h.lc.close();
});
