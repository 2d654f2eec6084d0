// The client against a fake socket: hello, subscribe, coalesced frames, de-duplication, keyed and
// whole-topic subscriptions, failures, unsubscribe, requests crossing (StrictMode).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Logcast } from '../src/logcast.js';
import { connected, settle, msg, welcome, subscribedTo as subscribed, EPOCH, fakeSocketClass, FakeClock }
  from '../test-support/fakes.js';

test('hello first, with the token, on logcast.v1; then subscribe', async () => {
  const { FakeSocket, sockets } = fakeSocketClass();
  const lc = new Logcast('http://gw.test/ws', { WebSocket: FakeSocket, clock: new FakeClock(), token: 'T1' });
  const sub = lc.subscribe('orders', { from: 'earliest', onMessage() {} });
  assert.equal(lc.state, 'idle');
  await settle();
  assert.equal(lc.state, 'connecting');
  const ws = sockets[0];
  assert.equal(ws.url, 'ws://gw.test/ws');
  assert.deepEqual(ws.protocols, ['logcast.v1']);
  ws.open();
  assert.deepEqual(ws.sent, [{ type: 'hello', token: 'T1' }]);
  ws.receive(welcome());
  assert.equal(lc.state, 'connected');
  assert.deepEqual(lc.session, { id: 'S1', node: 'gw-1', resumed: false, reason: null });
  assert.deepEqual(ws.last('subscribe'), { type: 'subscribe', id: 1, topic: 'orders', from: 'earliest' });
  assert.equal(sub.state, 'pending');
  lc.close();
});

test('a coalesced frame is handled object by object, in order', async () => {
  const { lc, ws } = await connected(Logcast);
  const got = [];
  const infos = [];
  lc.subscribe('orders', { onMessage: (m) => got.push(m.offset), onSubscribed: (i) => infos.push(i) });
  const id = ws.last('subscribe').id;
  ws.receive(subscribed(id), msg(0, 0), msg(0, 1), msg(1, 0), { type: 'pong' }, { type: 'future-type' }, msg(0, 2));
  assert.deepEqual(got, [0, 1, 0, 2]);
  assert.equal(infos[0].epoch, EPOCH);
  assert.equal(infos[0].restored, false);
  lc.close();
});

test('duplicates are dropped per (topic, key, partition, offset)', async () => {
  const { lc, ws } = await connected(Logcast);
  const got = [];
  let dupEvents = 0;
  lc.on('duplicate', () => dupEvents++);
  const sub = lc.subscribe('orders', { onMessage: (m) => got.push(`${m.partition}:${m.offset}`) });
  ws.receive(subscribed(ws.last('subscribe').id, { offsets: { 0: 5, 1: 0 } }));
  ws.receive(msg(0, 4), msg(0, 5), msg(0, 5), msg(1, 5), msg(0, 6), msg(1, 2), msg(1, 9));
  assert.deepEqual(got, ['0:5', '1:5', '0:6', '1:9']);
  assert.equal(sub.duplicates, 3);
  assert.equal(dupEvents, 3);
  lc.close();
});

test('a topic re-created under a live subscription restarts it on the new log', async () => {
  const { lc, ws } = await connected(Logcast);
  const got = [];
  const infos = [];
  const sub = lc.subscribe('orders', { onMessage: (m) => got.push(`${m.partition}:${m.offset}`),
    onSubscribed: (i) => infos.push(i) });
  ws.receive(subscribed(ws.last('subscribe').id, { offsets: { 0: 5, 1: 0 } }));
  ws.receive(msg(0, 5), msg(0, 6));
  // the same epoch again (a stale restore): ignored, 0:6 stays a duplicate
  ws.receive(subscribed(undefined, { id: undefined, offsets: { 0: 0, 1: 0 } }), msg(0, 6));
  ws.receive(subscribed(undefined, { id: undefined, epoch: 'new-epoch', recovered: false, reason: 'epoch',
    offsets: { 0: 0, 1: 0, 2: 0 } }));
  ws.receive(msg(0, 0, { epoch: 'new-epoch' }), msg(2, 0, { epoch: 'new-epoch' }));
  assert.deepEqual(got, ['0:5', '0:6', '0:0', '2:0']);
  assert.equal(infos.at(-1).epochChanged, true);
  assert.equal(infos.at(-1).recovered, false);
  assert.equal(sub.position().epoch, 'new-epoch');
  lc.close();
});

test('keyed subscriptions of one topic keep separate positions', async () => {
  const { lc, ws } = await connected(Logcast);
  const a = [];
  const b = [];
  lc.subscribe('orders', { key: 'a', onMessage: (m) => a.push(m.offset) });
  const idA = ws.last('subscribe').id;
  lc.subscribe('orders', { key: 'b', onMessage: (m) => b.push(m.offset) });
  const idB = ws.last('subscribe').id;
  assert.equal(ws.last('subscribe').key, 'b');
  ws.receive(subscribed(idA, { key: 'a', offsets: { 0: 0 } }), subscribed(idB, { key: 'b', offsets: { 0: 0 } }));
  // b is catching up from the log while a is live: offsets of b come below those of a
  ws.receive(msg(0, 40, { key: 'a' }), msg(0, 3, { key: 'b' }), msg(0, 41, { key: 'a' }), msg(0, 7, { key: 'b' }),
    msg(0, 41, { key: 'a' }), msg(0, 50, { key: 'c' }));
  assert.deepEqual(a, [40, 41]);
  assert.deepEqual(b, [3, 7]);
  lc.close();
});

test('a whole-topic and a keyed subscription of one topic share a connection, routed by "for"', async () => {
  const { lc, ws } = await connected(Logcast);
  const keyed = [];
  const whole = [];
  lc.subscribe('orders', { key: 'a', onMessage: (m) => keyed.push(m.offset) });
  const idA = ws.last('subscribe').id;
  lc.subscribe('orders', { onMessage: (m) => whole.push(m.offset) });
  const idW = ws.last('subscribe').id;
  assert.throws(() => lc.subscribe('orders', { key: 'a', onMessage() {} }), { code: 'duplicate' });
  ws.receive(subscribed(idA, { key: 'a', offsets: { 0: 0 } }), subscribed(idW, { offsets: { 0: 0 } }));
  // both live: written once for both; apart: each its own copy; other keys: the whole topic only
  ws.receive(msg(0, 1, { key: 'a', for: 'both' }), msg(0, 2, { key: 'b' }), msg(0, 3, { key: 'a', for: 'topic' }),
    msg(0, 3, { key: 'a', for: 'key' }), msg(0, 4, { key: 'a', for: 'both' }));
  assert.deepEqual(keyed, [1, 3, 4]);
  assert.deepEqual(whole, [1, 2, 3, 4]);
  lc.close();
});

test('a failed subscription calls onError and ends its iterator with the error', async () => {
  const { lc, ws } = await connected(Logcast);
  const errors = [];
  const sub = lc.subscribe('secret', { onError: (e) => errors.push(e.code) });
  const it = sub[Symbol.asyncIterator]();
  const pending = it.next();
  ws.receive({ type: 'error', id: ws.last('subscribe').id, code: 'forbidden', message: 'nope' });
  await assert.rejects(pending, { code: 'forbidden' });
  assert.deepEqual(errors, ['forbidden']);
  assert.equal(sub.state, 'failed');
  assert.equal(lc.subscriptions.length, 0);
  lc.close();
});

test('unavailable on subscribe is retried with backoff', async () => {
  const { lc, ws, clock } = await connected(Logcast);
  lc.subscribe('orders', { onMessage() {} });
  ws.receive({ type: 'error', id: ws.last('subscribe').id, code: 'unavailable', message: 'kafka' });
  assert.equal(ws.all('subscribe').length, 1);
  clock.advance(1000);
  assert.equal(ws.all('subscribe').length, 2);
  lc.close();
});

test('unsubscribe: confirmed by the server, nothing delivered after it', async () => {
  const { lc, ws } = await connected(Logcast);
  const got = [];
  const sub = lc.subscribe('orders', { onMessage: (m) => got.push(m.offset) });
  ws.receive(subscribed(ws.last('subscribe').id), msg(0, 0));
  const done = sub.unsubscribe();
  const u = ws.last('unsubscribe');
  assert.deepEqual({ ...u, id: 0 }, { type: 'unsubscribe', id: 0, topic: 'orders' });
  ws.receive(msg(0, 1), { type: 'unsubscribed', id: u.id, topic: 'orders' });
  await done;
  assert.deepEqual(got, [0]);
  assert.equal(sub.state, 'closed');
  lc.close();
});

test('an error naming a live subscription (claims narrowed by a refresh) ends it', async () => {
  const { lc, ws } = await connected(Logcast);
  const errors = [];
  const sub = lc.subscribe('orders', { key: 'k', onMessage() {}, onError: (e) => errors.push(e.code) });
  ws.receive(subscribed(ws.last('subscribe').id, { key: 'k' }));
  ws.receive({ type: 'error', id: null, code: 'forbidden', message: 'dropped', topic: 'orders', key: 'k' });
  assert.deepEqual(errors, ['forbidden']);
  assert.equal(sub.state, 'failed');
  assert.equal(lc.subscriptions.length, 0);
  lc.close();
});

test('subscribe, unsubscribe, subscribe again while the first is in flight (React StrictMode)', async () => {
  for (const errorFirst of [true, false]) {
    const { lc, ws, clock } = await connected(Logcast);
    const got = [];
    lc.subscribe('orders', { onMessage: () => got.push('old') }).unsubscribe();
    const sub = lc.subscribe('orders', { onMessage: (m) => got.push(m.offset) });
    const [first, second] = ws.all('subscribe');
    const refuse = () => ws.receive({ type: 'error', id: second.id, code: 'bad_request', message: 'already subscribed' });
    if (errorFirst) refuse();
    ws.receive(subscribed(first.id)); // the first one completes: we undo it
    assert.deepEqual({ ...ws.last('unsubscribe'), id: 0 }, { type: 'unsubscribe', id: 0, topic: 'orders' });
    if (!errorFirst) refuse();
    const third = ws.last('subscribe');
    assert.equal(ws.all('subscribe').length, 3, 'subscribed again at once, no grace wait');
    clock.advance(0);
    ws.receive(subscribed(third.id), msg(0, 0));
    assert.equal(sub.state, 'active');
    assert.deepEqual(got, [0]);
    lc.close();
  }
});
