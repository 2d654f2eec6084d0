// Subscription events (sub.on/off), sub.ready() and client.ready(), and the browser's online/offline
// events, against a fake socket and clock.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Logcast, LogcastError } from '../src/logcast.js';
import { connected, settle, msg, welcome, EPOCH, fakeSocketClass, FakeClock } from '../test-support/fakes.js';

const subscribed = (id, over = {}) => ({ type: 'subscribed', id, topic: 'orders', epoch: EPOCH, recovered: true,
  reason: null, offsets: { 0: 0, 1: 0 }, ...over });
const gap = (over = {}) => ({ type: 'gap', topic: 'orders', partition: 0, from: 0, to: 3, reason: 'retention', ...over });

test('sub.on: every callback has its event, after the option; off removes a listener', async () => {
  const { lc, ws } = await connected(Logcast);
  const order = [];
  const sub = lc.subscribe('orders', {
    from: { epoch: EPOCH, offsets: { 0: 0 } },
    onMessage: (m) => order.push(`option message ${m.offset}`),
    onSubscribed: () => order.push('option subscribed'),
  });
  const seen = { message: [], gap: [], recovered: [], subscribed: [], state: [] };
  for (const e of Object.keys(seen)) sub.on(e, (...args) => seen[e].push(args));
  const dropped = [];
  const extra = (m) => dropped.push(m.offset);
  sub.on('message', extra);
  ws.receive(subscribed(ws.last('subscribe').id, { recovered: false, reason: 'retention' }), gap(), msg(0, 3));
  sub.off('message', extra);
  ws.receive(msg(0, 4));
  assert.deepEqual(order, ['option subscribed', 'option message 3', 'option message 4']);
  assert.deepEqual(seen.message.map(([m]) => m.offset), [3, 4]);
  assert.deepEqual(dropped, [3]);
  assert.equal(seen.subscribed[0][0].epoch, EPOCH);
  assert.deepEqual(seen.recovered.map(([ok, reason]) => [ok, reason]), [[false, 'retention']]);
  assert.deepEqual(seen.gap.map(([g]) => [g.from, g.to, g.reason]), [[0, 3, 'retention']]);
  assert.deepEqual(seen.state, [['active']]);
  sub.unsubscribe(); // the fake server never confirms it; delivery stops at once anyway
  assert.deepEqual(seen.state, [['active'], ['closed']]);
  lc.close();
});

test('a "message" listener instead of onMessage: callbacks, not the iterator, and acks as with onMessage', async () => {
  const { lc, ws, clock } = await connected(Logcast);
  const sub = lc.subscribe('orders');
  const got = [];
  const off = sub.on('message', (m) => got.push(m.offset));
  ws.receive(subscribed(ws.last('subscribe').id), msg(0, 0), msg(0, 1));
  assert.deepEqual(got, [0, 1]);
  assert.throws(() => sub[Symbol.asyncIterator](), TypeError);
  off();
  clock.advance(1000);
  assert.deepEqual(ws.last('ack'), { type: 'ack', topic: 'orders', offsets: { 0: 2, 1: 0 } });
  lc.close();
});

test('records waiting for an iterator go to a "message" listener added later; an iterated one refuses it', async () => {
  const { lc, ws } = await connected(Logcast);
  const a = lc.subscribe('orders', { key: 'a' });
  ws.receive(subscribed(ws.last('subscribe').id, { key: 'a' }), msg(0, 0, { key: 'a' }), msg(0, 1, { key: 'a' }));
  const got = [];
  a.on('message', (m) => got.push(m.offset));
  assert.deepEqual(got, [0, 1]);
  ws.receive(msg(0, 2, { key: 'a' }));
  assert.deepEqual(got, [0, 1, 2]);

  const b = lc.subscribe('orders', { key: 'b' });
  const it = b[Symbol.asyncIterator]();
  assert.throws(() => b.on('message', () => {}), TypeError);
  b.on('gap', () => {}); // other events are fine
  await it.return();
  lc.close();
});

test('an "error" listener gets a refused subscription', async () => {
  const { lc, ws } = await connected(Logcast);
  const sub = lc.subscribe('secret', { onMessage() {} });
  const errors = [];
  sub.on('error', (e) => errors.push(e));
  const states = [];
  sub.on('state', (s) => states.push(s));
  ws.receive({ type: 'error', id: ws.last('subscribe').id, code: 'forbidden', message: 'no' });
  assert.equal(errors.length, 1);
  assert.equal(errors[0].code, 'forbidden');
  assert.deepEqual(states, ['failed']);
  lc.close();
});

test('sub.ready(): resolves on the first subscribed, at once afterwards', async () => {
  const { lc, ws } = await connected(Logcast);
  const sub = lc.subscribe('orders', { onMessage() {} });
  let info = null;
  sub.ready().then((i) => { info = i; });
  await settle();
  assert.equal(info, null);
  ws.receive(subscribed(ws.last('subscribe').id, { offsets: { 0: 7, 1: 2 } }));
  await settle();
  assert.deepEqual(info.offsets, { 0: 7, 1: 2 });
  assert.equal(info.epoch, EPOCH);
  assert.equal((await sub.ready()).epoch, EPOCH);
  lc.close();
});

test('sub.ready(): rejects with the LogcastError of a refused subscribe, and after one', async () => {
  const { lc, ws } = await connected(Logcast);
  const sub = lc.subscribe('nope', { onMessage() {} });
  const ready = sub.ready();
  ws.receive({ type: 'error', id: ws.last('subscribe').id, code: 'not_found', message: 'no such topic' });
  await assert.rejects(ready, (e) => e instanceof LogcastError && e.code === 'not_found');
  await assert.rejects(sub.ready(), (e) => e.code === 'not_found');
  lc.close();
});

test('sub.ready(): rejects with closed when unsubscribed or the client closes first; a retried subscribe still resolves', async () => {
  const { lc, ws } = await connected(Logcast);
  const a = lc.subscribe('orders', { key: 'a', onMessage() {} });
  const readyA = a.ready();
  a.unsubscribe();
  await assert.rejects(readyA, (e) => e.code === 'closed');

  const b = lc.subscribe('orders', { key: 'b', onMessage() {} });
  const readyB = b.ready();
  // unavailable is retried, not a refusal: ready stays pending until the retry is confirmed
  ws.receive({ type: 'error', id: ws.last('subscribe').id, code: 'unavailable', message: 'later' });
  let settled = false;
  readyB.then(() => { settled = true; }, () => { settled = true; });
  await settle();
  assert.equal(settled, false);

  const c = lc.subscribe('orders', { key: 'c', onMessage() {} });
  const readyC = c.ready();
  lc.close();
  await assert.rejects(readyC, (e) => e.code === 'closed');
  await assert.rejects(readyB, (e) => e.code === 'closed');
  await assert.rejects(c.ready(), (e) => e.code === 'closed');
});

test('client.ready(): resolves on welcome with the connected detail; rejects when the server stops the client', async () => {
  const { FakeSocket, sockets } = fakeSocketClass();
  const lc = new Logcast('ws://gw.test/ws', { WebSocket: FakeSocket, clock: new FakeClock(), random: () => 0.5 });
  let detail = null;
  lc.ready().then((d) => { detail = d; });
  await settle();
  sockets[0].open();
  await settle();
  assert.equal(detail, null);
  sockets[0].receive(welcome({ node: 'gw-7' }));
  await settle();
  assert.equal(detail.node, 'gw-7');
  assert.equal(detail.transport, 'websocket');
  assert.equal((await lc.ready()).session, 'S1');
  lc.close();
  await assert.rejects(lc.ready(), (e) => e.code === 'closed');

  const other = fakeSocketClass();
  const lc2 = new Logcast('ws://gw.test/ws', { WebSocket: other.FakeSocket, clock: new FakeClock(), random: () => 0.5 });
  const ready = lc2.ready();
  await settle();
  other.sockets[0].open();
  other.sockets[0].serverClose(4003, 'kicked');
  await assert.rejects(ready, (e) => e instanceof LogcastError && e.closeCode === 4003);
});

/** Stands in for a browser's window: addEventListener/removeEventListener/dispatch on globalThis. */
function fakeWindow(t) {
  const listeners = new Map();
  const had = ['addEventListener', 'removeEventListener'].filter((n) => n in globalThis);
  assert.deepEqual(had, [], 'this Node has no global addEventListener');
  globalThis.addEventListener = (type, fn) => {
    if (!listeners.has(type)) listeners.set(type, new Set());
    listeners.get(type).add(fn);
  };
  globalThis.removeEventListener = (type, fn) => listeners.get(type)?.delete(fn);
  t.after(() => {
    delete globalThis.addEventListener;
    delete globalThis.removeEventListener;
  });
  return {
    dispatch: (type) => [...(listeners.get(type) ?? [])].forEach((fn) => fn({ type })),
    count: (type) => listeners.get(type)?.size ?? 0,
  };
}

test('offline drops a connection that is up; online reconnects at once instead of waiting out the backoff', async (t) => {
  const win = fakeWindow(t);
  const { lc, ws, sockets, clock, events } = await connected(Logcast, { backoff: { baseMs: 60_000, maxMs: 60_000 } });
  assert.equal(win.count('online'), 1);
  assert.equal(win.count('offline'), 1);
  const sub = lc.subscribe('orders', { onMessage() {} });
  ws.receive(subscribed(ws.last('subscribe').id), msg(0, 0));

  win.dispatch('offline');
  assert.equal(lc.state, 'disconnected');
  const lost = events.filter(([e]) => e === 'disconnected').at(-1)[1];
  assert.equal(lost.code, 1006);
  assert.ok(lost.delay >= 10_000, `waits out the backoff (${lost.delay} ms)`);
  assert.equal(ws.closedWith !== null, true);
  assert.equal(sockets.length, 1);

  win.dispatch('online');
  await settle();
  assert.equal(sockets.length, 2, 'a new attempt at once');
  assert.equal(lc.state, 'connecting');
  sockets[1].open();
  assert.equal(sockets[1].last('hello').resume.session, 'S1');
  sockets[1].receive(welcome({ resumed: true }));
  assert.equal(lc.state, 'connected');
  assert.equal(clock.nextDelay() < 60_000, true);

  // online while connected: nothing happens
  win.dispatch('online');
  await settle();
  assert.equal(sockets.length, 2);
  assert.equal(sub.state, 'active');

  lc.close();
  assert.equal(win.count('online'), 0, 'removed on close');
  assert.equal(win.count('offline'), 0);
  win.dispatch('online');
  await settle();
  assert.equal(sockets.length, 2, 'a closed client stays closed');
  lc.reconnect();
  assert.equal(win.count('online'), 1, 'listening again after reconnect()');
  lc.close();
});

test('online restarts an attempt begun while offline (it would otherwise wait for the connect timeout)', async (t) => {
  const win = fakeWindow(t);
  const { FakeSocket, sockets } = fakeSocketClass();
  const lc = new Logcast('ws://gw.test/ws', { WebSocket: FakeSocket, clock: new FakeClock(), random: () => 0.5 });
  await settle();
  assert.equal(lc.state, 'connecting');
  win.dispatch('offline'); // not up yet: left alone
  assert.equal(sockets.length, 1);
  assert.equal(sockets[0].closedWith, null);
  win.dispatch('online');
  await settle();
  assert.equal(sockets.length, 2);
  assert.notEqual(sockets[0].closedWith, null, 'the old attempt is abandoned');
  sockets[1].open();
  sockets[1].receive(welcome());
  assert.equal(lc.state, 'connected');
  lc.close();
});

test('a server stop removes the online/offline listeners too', async (t) => {
  const win = fakeWindow(t);
  const { lc, ws } = await connected(Logcast);
  ws.serverClose(4003, 'kicked');
  assert.equal(lc.state, 'closed');
  assert.equal(win.count('online'), 0);
});
