// The client against a fake socket and clock: publish, its errors, across a reconnect, and its timeout.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Logcast, LogcastError } from '../src/logcast.js';
import { connected, settle, welcome } from '../test-support/fakes.js';

test('publish resolves on published and rejects with the error code', async () => {
  const { lc, ws } = await connected(Logcast);
  const ok = lc.publish('orders', { status: 'paid' }, { key: 'order-1', headers: { h: 'v' } });
  const sent = ws.last('publish');
  assert.deepEqual({ ...sent, id: 0 }, { type: 'publish', id: 0, topic: 'orders', key: 'order-1',
    data: { status: 'paid' }, headers: { h: 'v' } });
  ws.receive({ type: 'published', id: sent.id, topic: 'orders', partition: 2, offset: 42 });
  assert.deepEqual(await ok, { topic: 'orders', partition: 2, offset: 42 });
  const bad = lc.publish('nope', null);
  ws.receive({ type: 'error', id: ws.last('publish').id, code: 'forbidden', message: 'not exposed' });
  await assert.rejects(bad, (e) => e instanceof LogcastError && e.code === 'forbidden' && e.message === 'not exposed');
  lc.close();
});

test('publish across a reconnect: rejected as disconnected, resent with an idempotency key, queued when offline', async () => {
  const { lc, ws, sockets, clock } = await connected(Logcast);
  const plain = lc.publish('orders', 1);
  const safe = lc.publish('orders', 2, { idempotencyKey: 'k-2' });
  const auto = lc.publish('orders', 3, { idempotencyKey: true });
  ws.serverClose(1006);
  await assert.rejects(plain, { code: 'disconnected' });
  const offline = lc.publish('orders', 4);
  clock.advance(clock.nextDelay());
  await settle();
  const ws2 = sockets[1];
  ws2.open();
  ws2.receive(welcome({ resumed: true }));
  const resent = ws2.all('publish');
  assert.deepEqual(resent.map((p) => p.data), [2, 3, 4]);
  assert.equal(resent[0].idempotencyKey, 'k-2');
  assert.match(resent[1].idempotencyKey, /\w{8,}/);
  assert.equal(resent[1].idempotencyKey, ws.all('publish')[2].idempotencyKey, 'same generated key when resent');
  for (const p of resent) ws2.receive({ type: 'published', id: p.id, topic: 'orders', partition: 0, offset: p.data });
  assert.deepEqual((await Promise.all([safe, auto, offline])).map((r) => r.offset), [2, 3, 4]);
  lc.close();
});

test('publish times out when no reply comes', async () => {
  const { lc, clock } = await connected(Logcast, { publishTimeoutMs: 5000 });
  const p = lc.publish('orders', 1);
  clock.advance(5000);
  await assert.rejects(p, { code: 'timeout' });
  lc.close();
  await assert.rejects(lc.publish('orders', 1), { code: 'closed' });
});
