// Topic pattern subscriptions (lc.subscribe("orders.*")) against a fake socket: the pattern's reply
// and its topics' `subscribed`, topics created later, delivery and acks per topic, unsubscribe,
// per-topic errors, and requests crossing (StrictMode).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Logcast, PatternSubscription } from '../src/logcast.js';
import { globMatcher } from '../src/pattern.js';
import { connected, EPOCH } from '../test-support/fakes.js';
import { reply, started, on, patternSub, withPattern } from '../test-support/pattern-replies.js';

test('globMatcher: * is any run of characters; dots and dashes are literal', () => {
  const m = globMatcher('orders.*');
  assert.equal(m('orders.eu'), true);
  assert.equal(m('orders.'), true);
  assert.equal(m('ordersXeu'), false);
  assert.equal(m('my-orders.eu'), false);
  assert.equal(globMatcher('*.eu')('orders.eu'), true);
  assert.equal(globMatcher('*.eu')('orders.us'), false);
  assert.equal(globMatcher('a-*-z')('a-b-c-z'), true);
  assert.equal(globMatcher('*')('anything'), true);
});

test('subscribe a pattern: the request, the reply\'s topics, then every topic\'s messages', async () => {
  const { lc, ws } = await connected(Logcast);
  const got = [];
  const infos = [];
  const topics = [];
  const sub = lc.subscribe('orders.*', { from: 'earliest', onMessage: (m) => got.push(`${m.topic}:${m.offset}`),
    onSubscribed: (i) => infos.push(i.topic), onTopic: (t) => topics.push(t) });
  assert.ok(sub instanceof PatternSubscription);
  const req = patternSub(ws);
  assert.deepEqual({ ...req, id: 0 }, { type: 'subscribe', id: 0, pattern: 'orders.*', from: 'earliest' });
  assert.equal(sub.state, 'pending');
  const ready = sub.ready();
  ws.receive(reply(req.id, ['orders.eu', 'orders.us']), started('orders.eu', { offsets: { 0: 5 } }), started('orders.us'));
  assert.deepEqual(await ready, { pattern: 'orders.*', key: null, topics: ['orders.eu', 'orders.us'] });
  assert.equal(sub.state, 'active');
  assert.deepEqual(sub.topics, ['orders.eu', 'orders.us']);
  assert.deepEqual(topics, ['orders.eu', 'orders.us']);
  assert.deepEqual(infos, ['orders.eu', 'orders.us']);
  // the same partition and offset in two topics are two records; within one topic a duplicate is dropped
  ws.receive(on('orders.eu', 0, 5), on('orders.us', 0, 5), on('orders.eu', 0, 5), on('orders.eu', 0, 4), on('orders.us', 0, 6));
  assert.deepEqual(got, ['orders.eu:5', 'orders.us:5', 'orders.us:6']);
  assert.equal(sub.duplicates, 2);
  assert.deepEqual(sub.positions(), { 'orders.eu': { epoch: EPOCH, offsets: { 0: 6 } },
    'orders.us': { epoch: EPOCH, offsets: { 0: 7 } } });
  assert.throws(() => sub.position(), TypeError);
  assert.deepEqual(lc.subscriptions, [sub], 'the pattern is one subscription, its topics are not listed');
  lc.close();
});

test('a topic created later: its subscribed without id adds it, everything in it is delivered', async () => {
  const h = await withPattern();
  h.ws.receive(started('orders.jp', { offsets: { 0: 0, 1: 0 } }), on('orders.jp', 1, 0), on('orders.jp', 0, 0));
  assert.deepEqual(h.added, ['orders.eu', 'orders.us', 'orders.jp']);
  assert.deepEqual(h.sub.topics, ['orders.eu', 'orders.jp', 'orders.us']);
  assert.deepEqual(h.got, ['orders.jp@1:0', 'orders.jp@0:0']);
  assert.equal(h.ws.all('unsubscribe').length, 0);
  // a topic no pattern matches is not ours: unsubscribed
  h.ws.receive(started('payments'));
  assert.deepEqual({ ...h.ws.last('unsubscribe'), id: 0 }, { type: 'unsubscribe', id: 0, topic: 'payments' });
  h.lc.close();
});

test('acks are per concrete topic', async () => {
  const h = await withPattern();
  h.ws.receive(on('orders.eu', 0, 0), on('orders.eu', 0, 1), on('orders.us', 0, 0));
  h.clock.advance(1000);
  const acks = h.ws.all('ack').sort((a, b) => a.topic.localeCompare(b.topic));
  assert.deepEqual(acks, [{ type: 'ack', topic: 'orders.eu', offsets: { 0: 2 } },
    { type: 'ack', topic: 'orders.us', offsets: { 0: 1 } }]);
  h.lc.close();
});

test('async iteration over a pattern: in order across topics, each topic acked as the loop moves on', async () => {
  const { lc, ws, clock } = await connected(Logcast);
  const sub = lc.subscribe('orders.*');
  ws.receive(reply(patternSub(ws).id, ['orders.eu', 'orders.us']), started('orders.eu'), started('orders.us'));
  clock.advance(1000);
  ws.sent.length = 0;
  ws.receive(on('orders.eu', 0, 0), on('orders.us', 0, 0));
  const it = sub[Symbol.asyncIterator]();
  const first = await it.next();
  assert.equal(first.value.topic, 'orders.eu');
  clock.advance(1000);
  assert.equal(ws.all('ack').length, 0, 'the first message is still being processed');
  const second = await it.next();
  assert.equal(second.value.topic, 'orders.us');
  clock.advance(1000);
  assert.deepEqual(ws.all('ack'), [{ type: 'ack', topic: 'orders.eu', offsets: { 0: 1 } }]);
  await it.return();
  clock.advance(1000);
  assert.deepEqual(ws.last('ack'), { type: 'ack', topic: 'orders.us', offsets: { 0: 1 } });
  lc.close();
});

test('unsubscribe: one request for the pattern, its topics end with it, nothing delivered after it', async () => {
  const h = await withPattern();
  h.ws.receive(on('orders.eu', 0, 0));
  const done = h.sub.unsubscribe();
  const u = h.ws.last('unsubscribe');
  assert.deepEqual({ ...u, id: 0 }, { type: 'unsubscribe', id: 0, pattern: 'orders.*' });
  assert.equal(h.sub.state, 'closed');
  h.ws.receive(on('orders.eu', 0, 1), { type: 'unsubscribed', id: null, topic: 'orders.eu' },
    { type: 'unsubscribed', id: null, topic: 'orders.us' }, { type: 'unsubscribed', id: u.id, pattern: 'orders.*' });
  await done;
  assert.deepEqual(h.got, ['orders.eu@0:0']);
  assert.equal(h.ws.all('unsubscribe').length, 1, 'no unsubscribe per topic');
  assert.equal(h.ws.all('subscribe').length, 1, 'nothing subscribed again');
  assert.deepEqual(h.lc.subscriptions, []);
  // a topic the server found just before it got the unsubscribe: ended by it, nothing more to send
  h.lc.close();
});

test('a topic that cannot be subscribed is reported and left out; the pattern carries on', async () => {
  const h = await withPattern();
  const errors = [];
  let failed = false;
  h.sub.on('topicError', (e, topic) => errors.push([e.code, topic]));
  h.sub.on('error', () => { failed = true; });
  h.ws.receive({ type: 'error', id: null, code: 'limit_exceeded', message: 'too many', topic: 'orders.jp', pattern: 'orders.*' });
  // a refreshed token that no longer allows one of its topics
  h.ws.receive({ type: 'error', id: null, code: 'forbidden', message: 'dropped', topic: 'orders.us' });
  assert.deepEqual(errors, [['limit_exceeded', 'orders.jp'], ['forbidden', 'orders.us']]);
  assert.deepEqual(h.sub.topics, ['orders.eu']);
  assert.equal(h.sub.state, 'active');
  assert.equal(failed, false);
  h.ws.receive(on('orders.us', 0, 0), on('orders.eu', 0, 0));
  assert.deepEqual(h.got, ['orders.eu@0:0']);
  h.lc.close();
});

test('a refused pattern fails; bad arguments throw', async () => {
  const { lc, ws } = await connected(Logcast);
  const errors = [];
  const sub = lc.subscribe('secret.*', { onMessage() {}, onError: (e) => errors.push(e.code) });
  const ready = sub.ready();
  assert.throws(() => lc.subscribe('secret.*', { onMessage() {} }), { code: 'duplicate' });
  ws.receive({ type: 'error', id: patternSub(ws).id, code: 'forbidden', message: 'no' });
  await assert.rejects(ready, { code: 'forbidden' });
  assert.deepEqual(errors, ['forbidden']);
  assert.equal(sub.state, 'failed');
  assert.throws(() => lc.subscribe('orders.*', { from: { epoch: EPOCH, offsets: { 0: 1 } } }), TypeError);
  assert.throws(() => lc.subscribe('orders/*'), TypeError);
  lc.subscribe('orders.*', { from: { time: 5 } });
  assert.deepEqual(patternSub(ws).from, { time: 5 });
  lc.close();
});

test('StrictMode: subscribe, unsubscribe, subscribe again while the first request is in flight', async () => {
  const { lc, ws } = await connected(Logcast);
  lc.subscribe('orders.*', { onMessage() {} }).unsubscribe();
  const got = [];
  const sub = lc.subscribe('orders.*', { onMessage: (m) => got.push(m.offset) });
  const [first, second] = ws.all('subscribe');
  // the server refuses the second at once ("already subscribed"), then answers the first
  ws.receive({ type: 'error', id: second.id, code: 'bad_request', message: "already subscribed to pattern 'orders.*'" });
  assert.equal(sub.state, 'pending');
  ws.receive(reply(first.id, ['orders.eu']), started('orders.eu'), on('orders.eu', 0, 0));
  assert.equal(sub.state, 'active');
  assert.deepEqual(got, [0]);
  assert.equal(ws.all('unsubscribe').length, 0);
  assert.equal(ws.all('subscribe').length, 2);
  lc.close();
});

test('left before its reply: the pattern is unsubscribed when the reply comes, its topics with it', async () => {
  const { lc, ws } = await connected(Logcast);
  const errors = [];
  lc.on('error', (e) => errors.push(e));
  lc.subscribe('orders.*', { onMessage() {} }).unsubscribe();
  ws.receive(reply(patternSub(ws).id, ['orders.eu']));
  assert.deepEqual({ ...ws.last('unsubscribe'), id: 0 }, { type: 'unsubscribe', id: 0, pattern: 'orders.*' });
  ws.receive(started('orders.eu'), on('orders.eu', 0, 0));
  assert.equal(ws.all('unsubscribe').length, 1, 'no unsubscribe of its own for orders.eu');
  ws.receive({ type: 'unsubscribed', id: null, topic: 'orders.eu' },
    { type: 'unsubscribed', id: ws.last('unsubscribe').id, pattern: 'orders.*' });
  assert.deepEqual(errors, []);
  lc.close();
});
