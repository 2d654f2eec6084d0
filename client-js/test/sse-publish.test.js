// The SSE transport against a fake EventSource, fetch and clock: publishing over HTTP, acks, the transport a
// WebSocket reports, topic patterns.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Logcast } from '../src/logcast.js';
import { settle, msg, welcome, fakeSocketClass, FakeClock } from '../test-support/fakes.js';
import { streaming } from '../test-support/sse-client.js';

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
