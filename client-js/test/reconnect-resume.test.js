// Reconnect and resume against a fake socket: the resume request, restored and re-subscribed
// subscriptions, a failed resume, a new epoch, persistence across a reload, reconnect().
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Logcast } from '../src/logcast.js';
import { connected, reconnectAfter, settle, msg, welcome, subscribed, EPOCH, fakeSocketClass, FakeClock }
  from '../test-support/fakes.js';

/** Connected, subscribed to orders (whole topic) and orders/k, with messages received on both. */
async function withTraffic(options = {}) {
  const h = await connected(Logcast, options);
  const got = [];
  const recovered = [];
  h.all = h.lc.subscribe('orders', { onMessage: (m) => got.push(`${m.partition}:${m.offset}`),
    onRecovered: (ok, reason) => recovered.push([ok, reason]) });
  h.ws.receive(subscribed({ id: h.ws.last('subscribe').id }));
  h.ws.receive(msg(0, 0), msg(0, 1), msg(1, 0));
  h.got = got;
  h.recovered = recovered;
  return h;
}

test('resume presents session, secret and our own next offsets; restored subscriptions are not re-sent', async () => {
  const h = await withTraffic();
  const ws2 = await reconnectAfter(h, 1006);
  assert.deepEqual(ws2.sent[0], { type: 'hello', token: null, resume: { session: 'S1', secret: 'secret-1',
    subscriptions: [{ topic: 'orders', epoch: EPOCH, offsets: { 0: 2, 1: 1 } }] } });
  ws2.receive(welcome({ resumed: true, node: 'gw-2' }), subscribed({ offsets: { 0: 2, 1: 1 } }), msg(0, 1), msg(0, 2));
  assert.equal(ws2.all('subscribe').length, 0);
  assert.deepEqual(h.got, ['0:0', '0:1', '1:0', '0:2']);
  assert.deepEqual(h.recovered, [[true, null]]);
  assert.deepEqual(h.events.filter(([e]) => e === 'connected').at(-1)[1],
    { node: 'gw-2', session: 'S1', resumed: true, reason: null, resumeRequested: true, heartbeat: 25000,
      transport: 'websocket' });
  h.clock.advance(3000);
  assert.equal(ws2.all('subscribe').length, 0, 'no late re-subscribe');
  h.lc.close();
});

test('resumed: a subscription the server did not restore is re-subscribed from our position after the grace', async () => {
  const h = await withTraffic({ restoreGraceMs: 2000 });
  const keyed = [];
  h.lc.subscribe('other', { key: 'k', onMessage: (m) => keyed.push(m.offset) });
  h.ws.receive(subscribed({ id: h.ws.last('subscribe').id, topic: 'other', key: 'k', offsets: { 0: 7 } }));
  const ws2 = await reconnectAfter(h, 1012);
  ws2.receive(welcome({ resumed: true }), subscribed({ offsets: { 0: 2, 1: 1 } }));
  h.clock.advance(1999);
  assert.equal(ws2.all('subscribe').length, 0);
  h.clock.advance(1);
  assert.deepEqual({ ...ws2.last('subscribe'), id: 0 }, { type: 'subscribe', id: 0, topic: 'other', key: 'k',
    from: { epoch: EPOCH, offsets: { 0: 7 } } });
  h.lc.close();
});

test('resumed: an error with id null for a restore re-subscribes at once', async () => {
  const h = await withTraffic();
  const ws2 = await reconnectAfter(h, 1006);
  ws2.receive(welcome({ resumed: true }), { type: 'error', id: null, code: 'not_found', message: 'gone' });
  assert.equal(ws2.all('subscribe').length, 1);
  ws2.receive({ type: 'error', id: ws2.last('subscribe').id, code: 'not_found', message: 'gone' });
  assert.equal(h.all.state, 'failed');
  h.lc.close();
});

test('resumed: "already subscribed" while the server restores waits for the restored subscription', async () => {
  const h = await withTraffic({ restoreGraceMs: 1000 });
  const ws2 = await reconnectAfter(h, 1006);
  ws2.receive(welcome({ resumed: true }));
  h.clock.advance(1000); // the restore is slow: we ask ourselves
  const id = ws2.last('subscribe').id;
  ws2.receive({ type: 'error', id, code: 'bad_request', message: 'already subscribed' });
  assert.equal(h.all.state, 'active');
  ws2.receive(subscribed({ offsets: { 0: 2, 1: 1 } }), msg(0, 2));
  assert.deepEqual(h.got.at(-1), '0:2');
  h.clock.advance(5000);
  assert.equal(ws2.all('subscribe').length, 1);
  h.lc.close();
});

test('resume failed: every subscription starts again from its own position, or its original from', async () => {
  const h = await withTraffic();
  h.lc.subscribe('later', { from: 'earliest', onMessage() {} }); // never got its `subscribed`
  const ws2 = await reconnectAfter(h, 1006);
  assert.equal(ws2.sent[0].resume.subscriptions.length, 1, 'only positions with an epoch are presented');
  ws2.receive(welcome({ session: 'S2', secret: 'secret-2', resumed: false, reason: 'unknown' }));
  const subs = ws2.all('subscribe');
  assert.deepEqual(subs.map((s) => [s.topic, s.from]), [
    ['orders', { epoch: EPOCH, offsets: { 0: 2, 1: 1 } }],
    ['later', 'earliest'],
  ]);
  ws2.receive(subscribed({ id: subs[0].id, recovered: true, offsets: { 0: 2, 1: 1 } }), msg(1, 1));
  assert.deepEqual(h.recovered, [[true, null]]);
  assert.deepEqual(h.got.at(-1), '1:1');
  const ws3 = await reconnectAfter({ ...h, ws: ws2 }, 1006);
  assert.equal(ws3.sent[0].resume.session, 'S2');
  assert.equal(ws3.sent[0].resume.secret, 'secret-2');
  h.lc.close();
});

test('a new epoch (topic re-created) resets positions and reports recovered:false', async () => {
  const h = await withTraffic();
  const ws2 = await reconnectAfter(h, 1006);
  ws2.receive(welcome({ resumed: false }));
  const id = ws2.last('subscribe').id;
  ws2.receive(subscribed({ id, epoch: 'NEW', recovered: false, reason: 'epoch', offsets: { 0: 0, 1: 0 } }), msg(0, 0));
  assert.deepEqual(h.recovered, [[false, 'epoch']]);
  assert.deepEqual(h.got.at(-1), '0:0', 'offset 0 of the new topic is a new record');
  assert.deepEqual(h.all.position(), { epoch: 'NEW', offsets: { 0: 1, 1: 0 } });
  h.lc.close();
});

test('a restored subscription we no longer want is unsubscribed', async () => {
  const h = await withTraffic();
  h.ws.serverClose(1006);
  await h.all.unsubscribe(); // offline: resolves at once
  h.clock.advance(h.clock.nextDelay());
  await settle();
  const ws2 = h.sockets.at(-1);
  ws2.open();
  assert.deepEqual(ws2.sent[0].resume.subscriptions, []);
  ws2.receive(welcome({ resumed: true }), subscribed({}), msg(0, 5));
  assert.deepEqual({ ...ws2.last('unsubscribe'), id: 0 }, { type: 'unsubscribe', id: 0, topic: 'orders' });
  assert.equal(h.got.length, 3);
  h.lc.close();
});

test('persist: a reload resumes with the saved session and processed positions', async () => {
  const store = new Map();
  const storage = { getItem: (k) => store.get(k) ?? null, setItem: (k, v) => store.set(k, v) };
  const h = await withTraffic({ persist: 'demo', storage });
  h.clock.advance(1000);
  const saved = JSON.parse(store.get('demo'));
  assert.equal(saved.session, 'S1');
  assert.equal(saved.secret, 'secret-1');
  assert.deepEqual(saved.subs, [{ topic: 'orders', key: null, epoch: EPOCH, offsets: { 0: 2, 1: 1 } }]);
  h.lc.close();

  // the page reloads
  const { FakeSocket, sockets } = fakeSocketClass();
  const lc = new Logcast('ws://gw/ws', { WebSocket: FakeSocket, clock: new FakeClock(), persist: 'demo', storage });
  const got = [];
  lc.subscribe('orders', { from: 'latest', onMessage: (m) => got.push(m.offset) });
  await settle();
  sockets[0].open();
  assert.deepEqual(sockets[0].sent[0].resume, { session: 'S1', secret: 'secret-1',
    subscriptions: [{ topic: 'orders', epoch: EPOCH, offsets: { 0: 2, 1: 1 } }] });
  sockets[0].receive(welcome({ resumed: false, reason: 'unknown', session: 'S9' }));
  assert.deepEqual(sockets[0].last('subscribe').from, { epoch: EPOCH, offsets: { 0: 2, 1: 1 } });
  lc.close();
});

test('reconnect() after a stop resumes; fresh: true starts a new session', async () => {
  const h = await withTraffic();
  h.ws.serverClose(4011);
  assert.equal(h.lc.state, 'closed');
  h.lc.reconnect({ fresh: true });
  await settle();
  const ws2 = h.sockets.at(-1);
  ws2.open();
  assert.equal(ws2.sent[0].resume, undefined);
  ws2.receive(welcome({ session: 'S2' }));
  assert.deepEqual(ws2.last('subscribe').from, { epoch: EPOCH, offsets: { 0: 2, 1: 1 } });
  h.lc.close();
});
