// The SDK in Node on real sockets: Node 20 has no global WebSocket, so the `WebSocket` option takes
// the `ws` package's; against an in-process mini gateway (test-support/mini-gateway.js) speaking
// logcast.v1, and its HTTP history endpoint read with Node's own fetch.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import WebSocket from 'ws';
import { Logcast } from '../src/logcast.js';
import { startMiniGateway, MINI_EPOCH } from '../test-support/mini-gateway.js';

const order = (n) => ({ topic: 'orders', key: `order-${n}`, data: { n } });

test('without a WebSocket (Node 20) the client stops and says to pass the WebSocket option', async (t) => {
  const global = globalThis.WebSocket; // Node 22 has one: take it away for this test
  delete globalThis.WebSocket;
  t.after(() => { if (global) globalThis.WebSocket = global; });
  const lc = new Logcast('ws://127.0.0.1:9/ws');
  await assert.rejects(lc.ready(), (e) => e.code === 'bad_url' && /pass the WebSocket or EventSource option/.test(e.message));
  assert.equal(lc.state, 'closed');
});

test('new Logcast(url, {WebSocket}) with the ws package: welcome, subscribe, messages, publish', async (t) => {
  const gw = await startMiniGateway({ records: [order(0), order(1)], token: 'secret-token' });
  t.after(() => gw.close());
  const lc = new Logcast(gw.url, { WebSocket, token: 'secret-token' });
  t.after(() => lc.close());

  const up = await lc.ready();
  assert.equal(up.node, 'mini');
  assert.equal(up.transport, 'websocket');
  assert.deepEqual(gw.received[0], { type: 'hello', token: 'secret-token' });

  const sub = lc.subscribe('orders', { from: 'earliest' });
  const got = [];
  const two = new Promise((resolve) => sub.on('message', (m) => { got.push(m); if (got.length === 2) resolve(); }));
  const info = await sub.ready();
  assert.equal(info.epoch, MINI_EPOCH);
  await two;
  assert.deepEqual(got.map((m) => [m.key, m.data.n, m.offset]), [['order-0', 0, 0], ['order-1', 1, 1]]);

  const third = new Promise((resolve) => sub.on('message', (m) => m.offset === 2 && resolve(m)));
  const published = await lc.publish('orders', { n: 2 }, { key: 'order-2' });
  assert.deepEqual(published, { topic: 'orders', partition: 0, offset: 2 });
  assert.deepEqual((await third).data, { n: 2 });
});

test('history over Node\'s fetch with the token, then follow live from the position: nothing twice, nothing lost', async (t) => {
  const gw = await startMiniGateway({ records: [order(0), order(1), order(2)], token: 'tk' });
  t.after(() => gw.close());
  const lc = new Logcast(gw.url, { WebSocket, token: 'tk' });
  t.after(() => lc.close());

  const first = await lc.history('orders', { direction: 'backward', limit: 2 });
  assert.deepEqual(first.messages.map((m) => m.offset), [2, 1]);
  assert.deepEqual(first.position, { epoch: MINI_EPOCH, offsets: { 0: 3 } });
  const older = await lc.history('orders', { cursor: first.next, limit: 2 });
  assert.deepEqual(older.messages.map((m) => m.offset), [0]);
  assert.equal(older.next, null);

  const live = [];
  const sub = lc.subscribe('orders', { from: first.position, onMessage: (m) => live.push(m.offset) });
  await sub.ready();
  await lc.publish('orders', { n: 3 }, { key: 'order-3' });
  await new Promise((resolve) => { const wait = () => (live.length ? resolve() : setTimeout(wait, 5)); wait(); });
  assert.deepEqual(live, [3]);

  const refused = new Logcast(gw.url, { WebSocket, token: 'wrong', autoConnect: false });
  await assert.rejects(refused.history('orders'), (e) => e.code === 'unauthorized' && e.status === 401);
});

test('a topic pattern on real sockets: the topics there are, a topic created later from its start, one unsubscribe', { timeout: 10_000 }, async (t) => {
  const gw = await startMiniGateway({ records: [{ topic: 'orders.eu', data: { n: 0 } }, { topic: 'orders.us', data: { n: 1 } },
    { topic: 'payments', data: { n: 2 } }] });
  t.after(() => gw.close());
  const lc = new Logcast(gw.url, { WebSocket });
  t.after(() => lc.close());
  const got = [];
  const added = [];
  let wanted = 0;
  let arrived;
  const sub = lc.subscribe('orders.*', { from: 'earliest', onTopic: (topic) => added.push(topic),
    onMessage: (m) => { got.push(`${m.topic}:${m.data.n}`); if (got.length === wanted) arrived(); } });
  const until = (n) => new Promise((resolve) => { wanted = n; arrived = resolve; if (got.length >= n) resolve(); });

  const info = await sub.ready();
  assert.deepEqual(info.topics, ['orders.eu', 'orders.us']);
  await until(2);
  assert.deepEqual(got.sort(), ['orders.eu:0', 'orders.us:1']);

  await lc.publish('orders.jp', { n: 3 }); // a new topic: taken by the pattern from its start
  await until(3);
  assert.deepEqual(got.at(-1), 'orders.jp:3');
  assert.deepEqual(added, ['orders.eu', 'orders.us', 'orders.jp']);
  assert.deepEqual(sub.topics, ['orders.eu', 'orders.jp', 'orders.us']);

  await sub.unsubscribe();
  const sent = gw.received.filter((m) => m.type === 'unsubscribe');
  assert.deepEqual(sent, [{ type: 'unsubscribe', id: sent[0].id, pattern: 'orders.*' }]);
  assert.equal(gw.received.filter((m) => m.type === 'subscribe').length, 1, 'no topic subscribed on its own');
});

test('from "snapshot" on real sockets: the latest record of every key, the snapshot object, then live', async (t) => {
  const gw = await startMiniGateway({ records: [order(0), { topic: 'orders', key: 'order-1', data: { n: 10 } }, order(1),
    { topic: 'orders', key: 'order-0', data: null }] });
  t.after(() => gw.close());
  const lc = new Logcast(gw.url, { WebSocket });
  t.after(() => lc.close());
  const got = [];
  const board = new Map();
  const complete = new Promise((resolve) => {
    lc.subscribe('orders', {
      from: 'snapshot',
      onSnapshotStart: () => board.clear(),
      onMessage: (m) => {
        got.push(`${m.snapshot ? 'snap' : 'live'} ${m.key} ${m.offset}`);
        if (m.data === null) board.delete(m.key);
        else board.set(m.key, m.data.n);
      },
      onSnapshot: ({ count, offsets }) => resolve({ count, offsets }),
    });
  });
  assert.deepEqual(await complete, { count: 1, offsets: { 0: 4 } });
  assert.deepEqual(got, ['snap order-1 2'], 'order-0 was deleted; order-1 at its latest');
  const live = new Promise((resolve) => { const t0 = setInterval(() => board.has('order-2') && (clearInterval(t0), resolve())); });
  await lc.publish('orders', { n: 2 }, { key: 'order-2' });
  await live;
  assert.deepEqual([...board], [['order-1', 1], ['order-2', 2]]);
  assert.deepEqual(got.at(-1), 'live order-2 4');
  assert.deepEqual(gw.received.find((o) => o.type === 'subscribe').from, 'snapshot');
});
