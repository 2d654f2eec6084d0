// The client against a fake socket and clock: batched acks, gaps, the async iterator, close().
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Logcast } from '../src/logcast.js';
import { connected, settle, msg, subscribedTo as subscribed } from '../test-support/fakes.js';

test('acks are batched: at most one per interval, with the processed next offsets', async () => {
  const { lc, ws, clock } = await connected(Logcast, { ackIntervalMs: 1000 });
  lc.subscribe('orders', { onMessage() {} });
  ws.receive(subscribed(ws.last('subscribe').id, { offsets: { 0: 0, 1: 7 } }));
  for (let o = 0; o < 50; o++) ws.receive(msg(o % 2, o + 10));
  assert.equal(ws.all('ack').length, 0, 'nothing before the interval');
  clock.advance(1000);
  assert.deepEqual(ws.all('ack'), [{ type: 'ack', topic: 'orders', offsets: { 0: 59, 1: 60 } }]);
  clock.advance(5000);
  assert.equal(ws.all('ack').length, 1, 'nothing new, no ack');
  ws.receive(msg(1, 61));
  clock.advance(1000);
  assert.deepEqual(ws.last('ack').offsets, { 1: 62 });
  lc.close();
});

test('a gap is reported, moves the position, and is acked', async () => {
  const { lc, ws, clock } = await connected(Logcast);
  const gaps = [];
  const sub = lc.subscribe('orders', { key: 'k', onMessage() {}, onGap: (g) => gaps.push(g) });
  ws.receive(subscribed(ws.last('subscribe').id, { key: 'k', offsets: { 0: 100 } }));
  ws.receive({ type: 'gap', topic: 'orders', key: 'k', partition: 0, from: 100, to: 250, reason: 'retention' });
  assert.deepEqual(gaps, [{ topic: 'orders', key: 'k', partition: 0, from: 100, to: 250, reason: 'retention' }]);
  assert.equal(sub.position().offsets[0], 250);
  clock.advance(1000);
  assert.deepEqual(ws.last('ack'), { type: 'ack', topic: 'orders', key: 'k', offsets: { 0: 250 } });
  lc.close();
});

test('async iterator: in order, acked only once the loop asks for the next message', async () => {
  const { lc, ws, clock } = await connected(Logcast);
  const sub = lc.subscribe('orders', { from: 'earliest' });
  ws.receive(subscribed(ws.last('subscribe').id, { offsets: { 0: 0 } }));
  clock.advance(1000);
  ws.sent.length = 0;
  ws.receive(msg(0, 0), msg(0, 1));
  const it = sub[Symbol.asyncIterator]();
  assert.equal((await it.next()).value.offset, 0);
  clock.advance(1000);
  assert.equal(ws.all('ack').length, 0, 'message 0 is still being processed');
  const second = it.next();
  assert.equal((await second).value.offset, 1);
  clock.advance(1000);
  assert.deepEqual(ws.last('ack').offsets, { 0: 1 });
  const third = it.next(); // waits for a message that has not arrived
  ws.receive({ type: 'gap', topic: 'orders', partition: 0, from: 2, to: 10, reason: 'retention' }, msg(0, 10));
  assert.equal((await third).value.offset, 10);
  clock.advance(1000);
  assert.deepEqual(ws.last('ack').offsets, { 0: 10 });
  await it.return();
  clock.advance(1000);
  assert.deepEqual(ws.last('ack').offsets, { 0: 11 });
  lc.close();
});

test('for await ends when the client is closed', async () => {
  const { lc, ws } = await connected(Logcast);
  const sub = lc.subscribe('orders');
  ws.receive(subscribed(ws.last('subscribe').id), msg(0, 0));
  const seen = [];
  const loop = (async () => {
    for await (const m of sub) seen.push(m.offset);
  })();
  await settle();
  lc.close();
  await loop;
  assert.deepEqual(seen, [0]);
  assert.throws(() => lc.subscribe('x', { onMessage() {} })[Symbol.asyncIterator](), TypeError);
});

test('close() sends pending acks, closes with 1000 and does not reconnect', async () => {
  const { lc, ws, sockets, clock, events } = await connected(Logcast);
  lc.subscribe('orders', { onMessage() {} });
  ws.receive(subscribed(ws.last('subscribe').id, { offsets: { 0: 0 } }), msg(0, 0), msg(0, 1));
  lc.close();
  assert.deepEqual(ws.last('ack').offsets, { 0: 2 });
  assert.deepEqual(ws.closedWith, { code: 1000, reason: 'client closed' });
  assert.equal(lc.state, 'closed');
  clock.advance(120_000);
  assert.equal(sockets.length, 1);
  assert.deepEqual(events.at(-1), ['closed', { code: 1000, reason: 'closed by the client', error: null }]);
});
