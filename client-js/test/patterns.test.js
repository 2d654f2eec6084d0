// Topic pattern subscriptions (lc.subscribe("orders.*")) against a fake socket: the pattern's reply
// and its topics' `subscribed`, topics created later, delivery and acks per topic, unsubscribe,
// per-topic errors, resume (resumed true and false), persistence, sharing a topic with a direct
// subscription, and requests crossing (StrictMode).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Logcast, PatternSubscription } from '../src/logcast.js';
import { globMatcher } from '../src/pattern.js';
import { connected, settle, msg, welcome, EPOCH, fakeSocketClass, FakeClock } from '../test-support/fakes.js';

const reply = (id, topics, over = {}) => ({ type: 'subscribed', id, pattern: 'orders.*', topics, ...over });
const started = (topic, over = {}) => ({ type: 'subscribed', topic, epoch: EPOCH, recovered: true, reason: null,
  offsets: { 0: 0 }, ...over });
const on = (topic, partition, offset, over = {}) => msg(partition, offset, { topic, ...over });
const patternSub = (ws) => ws.all('subscribe').filter((s) => s.pattern).at(-1);

/** Connected, subscribed to orders.* covering orders.eu and orders.us. */
async function withPattern(options = {}, subOptions = {}) {
  const h = await connected(Logcast, options);
  h.got = [];
  h.added = [];
  h.sub = h.lc.subscribe('orders.*', { onMessage: (m) => h.got.push(`${m.topic}@${m.partition}:${m.offset}`),
    onTopic: (t) => h.added.push(t), ...subOptions });
  h.ws.receive(reply(patternSub(h.ws).id, ['orders.eu', 'orders.us']), started('orders.eu'), started('orders.us'));
  return h;
}

/** Drops the socket and brings up the next one, up to its hello. */
async function reconnect(h) {
  h.ws.serverClose(1006);
  h.clock.advance(h.clock.nextDelay());
  await settle();
  const ws = h.sockets.at(-1);
  ws.open();
  return ws;
}

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
