// Topic pattern subscriptions against a fake socket: a topic shared with a direct subscription (delivery,
// acks, leaving either), a keyed pattern, and topics re-created under a pattern.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Logcast } from '../src/logcast.js';
import { connected, EPOCH } from '../test-support/fakes.js';
import { reply, started, on, patternSub, withPattern } from '../test-support/pattern-replies.js';

test('a topic subscribed directly before the pattern: shared, both get its messages; leaving one keeps the other', async () => {
  const { lc, ws } = await connected(Logcast);
  const direct = [];
  const viaPattern = [];
  const d = lc.subscribe('orders.eu', { onMessage: (m) => direct.push(m.offset) });
  ws.receive(started('orders.eu', { id: ws.last('subscribe').id, offsets: { 0: 3 } }), on('orders.eu', 0, 3));
  const p = lc.subscribe('orders.*', { onMessage: (m) => viaPattern.push(`${m.topic}:${m.offset}`) });
  // the server does not subscribe orders.eu a second time: no `subscribed` for it
  ws.receive(reply(patternSub(ws).id, ['orders.eu', 'orders.us']), started('orders.us'));
  assert.deepEqual(p.topics, ['orders.eu', 'orders.us']);
  ws.receive(on('orders.eu', 0, 4), on('orders.us', 0, 0), on('orders.eu', 0, 5));
  assert.deepEqual(direct, [3, 4, 5]);
  assert.deepEqual(viaPattern, ['orders.eu:4', 'orders.us:0', 'orders.eu:5']);
  assert.deepEqual(lc.subscriptions, [d, p]);
  assert.throws(() => lc.subscribe('orders.eu', { onMessage() {} }), { code: 'duplicate' });

  await d.unsubscribe(); // the pattern still wants orders.eu: nothing sent
  assert.equal(ws.all('unsubscribe').length, 0);
  ws.receive(on('orders.eu', 0, 6));
  assert.deepEqual(direct, [3, 4, 5]);
  assert.deepEqual(viaPattern.at(-1), 'orders.eu:6');
  lc.close();
});

test('a topic the pattern covers, subscribed directly afterwards: shared from where it is; the pattern\'s unsubscribe keeps it', async () => {
  const h = await withPattern();
  h.ws.receive(on('orders.eu', 0, 0), on('orders.eu', 0, 1));
  const direct = [];
  const d = h.lc.subscribe('orders.eu', { from: 'earliest', onMessage: (m) => direct.push(m.offset) });
  assert.equal(h.ws.all('subscribe').length, 1, 'no second server subscription');
  const info = await d.ready();
  assert.deepEqual(info.offsets, { 0: 2 }, 'it starts where the shared subscription is');
  assert.equal(d.state, 'active');
  h.ws.receive(on('orders.eu', 0, 2));
  assert.deepEqual(direct, [2]);
  assert.deepEqual(h.got.at(-1), 'orders.eu@0:2');

  const left = h.sub.unsubscribe();
  const u = h.ws.last('unsubscribe');
  assert.equal(u.pattern, 'orders.*');
  // the server ends every topic of the pattern, the shared one too: subscribed again from its position
  h.ws.receive({ type: 'unsubscribed', id: null, topic: 'orders.eu' }, { type: 'unsubscribed', id: null, topic: 'orders.us' },
    { type: 'unsubscribed', id: u.id, pattern: 'orders.*' });
  await left;
  const again = h.ws.last('subscribe');
  assert.deepEqual({ ...again, id: 0 }, { type: 'subscribe', id: 0, topic: 'orders.eu', from: { epoch: EPOCH, offsets: { 0: 3 } } });
  assert.equal(h.ws.all('subscribe').length, 2, 'orders.us is not');
  h.ws.receive(started('orders.eu', { id: again.id, offsets: { 0: 3 } }), on('orders.eu', 0, 3));
  assert.deepEqual(direct, [2, 3]);
  assert.equal(h.got.length, 3, 'the pattern got nothing after it left');
  h.lc.close();
});

test('a shared topic is acked at what both have processed', async () => {
  const h = await withPattern();
  const d = h.lc.subscribe('orders.eu'); // iterated: slower than the pattern's callback
  h.ws.receive(on('orders.eu', 0, 0), on('orders.eu', 0, 1));
  h.clock.advance(1000);
  assert.deepEqual(h.ws.all('ack').filter((a) => a.topic === 'orders.eu').map((a) => a.offsets), [{ 0: 0 }],
    'not past what the iterator processed (nothing)');
  const it = d[Symbol.asyncIterator]();
  await it.next();
  await it.next();
  h.clock.advance(1000);
  assert.deepEqual(h.ws.last('ack'), { type: 'ack', topic: 'orders.eu', offsets: { 0: 1 } });
  await it.return();
  h.clock.advance(1000);
  assert.deepEqual(h.ws.last('ack'), { type: 'ack', topic: 'orders.eu', offsets: { 0: 2 } });
  h.lc.close();
});

test('a keyed pattern: keyed topic subscriptions, routed beside a whole-topic one by "for"', async () => {
  const { lc, ws } = await connected(Logcast);
  const keyed = [];
  const whole = [];
  lc.subscribe('orders.*', { key: 'k', onMessage: (m) => keyed.push(`${m.topic}:${m.offset}`) });
  const req = patternSub(ws);
  assert.equal(req.key, 'k');
  lc.subscribe('orders.eu', { onMessage: (m) => whole.push(m.offset) });
  ws.receive(started('orders.eu', { id: ws.last('subscribe').id }));
  ws.receive(reply(req.id, ['orders.eu'], { key: 'k' }), started('orders.eu', { key: 'k' }));
  ws.receive(on('orders.eu', 0, 1, { key: 'k', for: 'both' }), on('orders.eu', 0, 2, { key: 'x' }),
    on('orders.eu', 0, 3, { key: 'k', for: 'key' }));
  assert.deepEqual(keyed, ['orders.eu:1', 'orders.eu:3']);
  assert.deepEqual(whole, [1, 2]);
  lc.close();
});

test('a topic of the pattern re-created: its positions restart on the new log', async () => {
  const h = await withPattern();
  h.ws.receive(on('orders.eu', 0, 0), on('orders.eu', 0, 1));
  h.ws.receive(started('orders.eu', { epoch: 'NEW', recovered: false, reason: 'epoch' }), on('orders.eu', 0, 0, { epoch: 'NEW' }));
  assert.deepEqual(h.got, ['orders.eu@0:0', 'orders.eu@0:1', 'orders.eu@0:0']);
  assert.deepEqual(h.sub.positions()['orders.eu'], { epoch: 'NEW', offsets: { 0: 1 } });
  h.lc.close();
});

test('a shared topic re-created, or dropped by a refreshed token, reaches both subscriptions', async () => {
  const h = await withPattern();
  const errors = [];
  h.sub.on('topicError', (e, topic) => errors.push(['pattern', e.code, topic]));
  const direct = [];
  const d = h.lc.subscribe('orders.eu', { onMessage: (m) => direct.push(m.offset), onError: (e) => errors.push(['direct', e.code]) });
  h.ws.receive(on('orders.eu', 0, 0), on('orders.eu', 0, 1));
  h.ws.receive(started('orders.eu', { epoch: 'NEW', recovered: false, reason: 'epoch' }), on('orders.eu', 0, 0, { epoch: 'NEW' }));
  assert.deepEqual(direct, [0, 1, 0]);
  assert.deepEqual(h.got.filter((g) => g.startsWith('orders.eu')), ['orders.eu@0:0', 'orders.eu@0:1', 'orders.eu@0:0']);
  assert.equal(d.position().epoch, 'NEW');
  h.ws.receive({ type: 'error', id: null, code: 'forbidden', message: 'dropped', topic: 'orders.eu' });
  assert.deepEqual(errors.sort(), [['direct', 'forbidden'], ['pattern', 'forbidden', 'orders.eu']]);
  assert.equal(d.state, 'failed');
  assert.deepEqual(h.sub.topics, ['orders.us']);
  h.lc.close();
});
