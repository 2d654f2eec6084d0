// `from: "snapshot"` against a fake socket and clock: the latest record of every key first (not
// positioned, not acked), the `snapshot` object, then live from the cut; a snapshot that did not
// complete before a drop is started again (and the application told), one that did resumes as usual.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Logcast } from '../src/logcast.js';
import { connected, settle, msg, welcome, EPOCH, fakeSocketClass, fakeEventSourceClass, fakeFetch, FakeClock }
  from '../test-support/fakes.js';

const CUT = { 0: 5120, 1: 4410 };
const subscribed = (id, over = {}) => ({ type: 'subscribed', ...(id != null && { id }), topic: 'prices', epoch: EPOCH,
  recovered: true, reason: null, offsets: CUT, ...over });
const snap = (partition, offset, key, over = {}) => msg(partition, offset, { topic: 'prices', key, data: { key, offset },
  snapshot: true, ...over });
const live = (partition, offset, key, over = {}) => msg(partition, offset, { topic: 'prices', key, data: { key, offset }, ...over });
const done = (count, over = {}) => ({ type: 'snapshot', topic: 'prices', count, offsets: CUT, ...over });

/** Subscribed `from: "snapshot"` with callbacks; `log` records every callback in order. */
async function snapshotting(options = {}) {
  const h = await connected(Logcast, options);
  h.log = [];
  h.sub = h.lc.subscribe('prices', {
    from: 'snapshot',
    onMessage: (m) => h.log.push(`${m.snapshot ? 'snap' : 'live'} ${m.key} ${m.partition}:${m.offset}`),
    onSubscribed: (i) => h.log.push(`subscribed ${JSON.stringify(i.offsets)}`),
    onSnapshotStart: (s) => h.log.push(`start${s.restart ? ' again' : ''}`),
    onSnapshot: (s) => h.log.push(`snapshot ${s.count} ${JSON.stringify(s.offsets)}`),
    onRecovered: (ok, reason) => h.log.push(`recovered ${ok} ${reason}`),
    onError: (e) => h.log.push(`error ${e.code}`),
  });
  return h;
}

/** Drops the socket and brings up the next one, up to its hello. */
async function reconnect(h) {
  h.ws.serverClose(1006);
  h.clock.advance(h.clock.nextDelay());
  await settle();
  h.ws = h.sockets.at(-1);
  h.ws.open();
  return h.ws;
}

test('snapshot: subscribed, the records of the snapshot, the snapshot object, then live from the cut', async () => {
  const h = await snapshotting();
  assert.deepEqual(h.ws.last('subscribe'), { type: 'subscribe', id: 1, topic: 'prices', from: 'snapshot' });
  const ready = h.sub.ready();
  h.ws.receive(subscribed(1), snap(1, 4400, 'eur'), snap(0, 17, 'usd'), snap(0, 5119, 'gbp'));
  assert.deepEqual((await ready).offsets, CUT, 'ready() resolves on `subscribed`');
  assert.deepEqual(h.sub.position(), { epoch: EPOCH, offsets: CUT }, 'snapshot records do not move positions');
  h.ws.receive(done(3), live(0, 5120, 'usd'), live(0, 5119, 'gbp'), live(1, 4410, 'eur'));
  assert.deepEqual(h.log, [
    `subscribed ${JSON.stringify(CUT)}`,
    'start',
    'snap eur 1:4400', 'snap usd 0:17', 'snap gbp 0:5119', // in any order, none checked against positions
    `snapshot 3 ${JSON.stringify(CUT)}`,
    'live usd 0:5120', 'live eur 1:4410', // live 0:5119 is below the cut: a duplicate, dropped
  ]);
  assert.equal(h.sub.duplicates, 1);
  assert.deepEqual(h.sub.position(), { epoch: EPOCH, offsets: { 0: 5121, 1: 4411 } });
  h.lc.close();
});

test('snapshot: its records are not acked; acks start at the cut', async () => {
  const h = await snapshotting();
  h.ws.receive(subscribed(1), snap(0, 3, 'a'), snap(1, 9, 'b'));
  h.clock.advance(1000);
  assert.deepEqual(h.ws.all('ack').map((a) => a.offsets), [CUT], 'only the cut, never a snapshot record\'s offset');
  h.ws.receive(done(2), live(0, 5120, 'a'));
  h.clock.advance(1000);
  assert.deepEqual(h.ws.last('ack').offsets, { 0: 5121 });
  h.lc.close();
});

test('snapshot: a keyed snapshot, and the events as listeners', async () => {
  const h = await connected(Logcast);
  const sub = h.lc.subscribe('prices', { key: 'eur', from: 'snapshot' });
  const seen = [];
  sub.on('snapshotStart', (s) => seen.push(['snapshotStart', s.key, s.restart]));
  sub.on('message', (m) => seen.push(['message', m.data.offset, m.snapshot === true]));
  sub.on('snapshot', (s) => seen.push(['snapshot', s.key, s.count]));
  assert.deepEqual(h.ws.last('subscribe'), { type: 'subscribe', id: 1, topic: 'prices', key: 'eur', from: 'snapshot' });
  h.ws.receive(subscribed(1, { key: 'eur' }), snap(1, 4000, 'eur'), done(1, { key: 'eur' }), live(1, 4410, 'eur'));
  assert.deepEqual(seen, [['snapshotStart', 'eur', false], ['message', 4000, true], ['snapshot', 'eur', 1],
    ['message', 4410, false]]);
  h.lc.close();
});

test('snapshot: a drop before the snapshot object → restored at the cut, undone, a new snapshot; the app is told', async () => {
  const h = await snapshotting();
  h.ws.receive(subscribed(1), snap(0, 1, 'usd'), snap(1, 2, 'eur'));
  const ws2 = await reconnect(h);
  assert.deepEqual(ws2.sent[0].resume.subscriptions, [{ topic: 'prices', epoch: EPOCH, offsets: CUT }]);
  // the server restores it from its stored position (the cut), without a snapshot
  ws2.receive(welcome({ resumed: true }), subscribed(undefined), live(0, 5120, 'usd'));
  assert.deepEqual(ws2.sent.slice(1).map((o) => [o.type, o.topic, o.from]),
    [['unsubscribe', 'prices', undefined], ['subscribe', 'prices', 'snapshot']], 'undone, then a new snapshot asked for');
  const cut2 = { 0: 5200, 1: 4410 };
  ws2.receive({ type: 'unsubscribed', id: ws2.last('unsubscribe').id, topic: 'prices' },
    subscribed(ws2.last('subscribe').id, { offsets: cut2 }), snap(0, 5150, 'usd'), snap(1, 2, 'eur'),
    done(2, { offsets: cut2 }), live(0, 5200, 'usd'));
  assert.deepEqual(h.log, [
    `subscribed ${JSON.stringify(CUT)}`, 'start', 'snap usd 0:1', 'snap eur 1:2',
    // nothing of the restored subscription (live 0:5120 after a partial snapshot) reached the app
    `subscribed ${JSON.stringify(cut2)}`, 'start again', 'snap usd 0:5150', 'snap eur 1:2',
    `snapshot 2 ${JSON.stringify(cut2)}`, 'live usd 0:5200',
  ]);
  assert.deepEqual(h.sub.position(), { epoch: EPOCH, offsets: { 0: 5201, 1: 4410 } });
  h.clock.advance(10_000);
  assert.equal(ws2.all('subscribe').length, 1, 'no late re-subscribe');
  h.lc.close();
});

test('snapshot: a drop before the snapshot object, resume failed → a new snapshot, not the cut', async () => {
  const h = await snapshotting();
  h.ws.receive(subscribed(1), snap(0, 1, 'usd'));
  const ws2 = await reconnect(h);
  ws2.receive(welcome({ resumed: false, session: 'S2' }));
  assert.equal(ws2.last('subscribe').from, 'snapshot');
  assert.equal(ws2.all('unsubscribe').length, 0);
  ws2.receive(subscribed(ws2.last('subscribe').id), snap(0, 2, 'usd'), done(1));
  assert.deepEqual(h.log.slice(2), ['snap usd 0:1', `subscribed ${JSON.stringify(CUT)}`, 'start again', 'snap usd 0:2',
    `snapshot 1 ${JSON.stringify(CUT)}`]);
  h.lc.close();
});

test('snapshot: a drop before even `subscribed`; the session restores it → unsubscribed, asked again once refused', async () => {
  const h = await snapshotting();
  const ws2 = await reconnect(h);
  assert.deepEqual(ws2.sent[0].resume.subscriptions, [], 'no position to present');
  ws2.receive(welcome({ resumed: true }));
  const first = ws2.last('subscribe');
  assert.equal(first.from, 'snapshot');
  // the server had taken the first subscribe into the session: it restores it at the cut
  ws2.receive(subscribed(undefined), live(0, 5120, 'usd'));
  assert.equal(ws2.last('unsubscribe').topic, 'prices');
  ws2.receive({ type: 'error', id: first.id, code: 'bad_request', message: "already subscribed to topic 'prices'" });
  const second = ws2.last('subscribe');
  assert.notEqual(second.id, first.id);
  assert.equal(second.from, 'snapshot');
  ws2.receive(subscribed(second.id), snap(0, 7, 'usd'), done(1));
  assert.deepEqual(h.log, [`subscribed ${JSON.stringify(CUT)}`, 'start', 'snap usd 0:7', `snapshot 1 ${JSON.stringify(CUT)}`]);
  h.lc.close();
});

test('snapshot: a drop after the snapshot object resumes from positions, without a snapshot', async () => {
  const h = await snapshotting();
  h.ws.receive(subscribed(1), snap(0, 1, 'usd'), done(1), live(0, 5120, 'usd'));
  const ws2 = await reconnect(h);
  assert.deepEqual(ws2.sent[0].resume.subscriptions, [{ topic: 'prices', epoch: EPOCH, offsets: { 0: 5121, 1: 4410 } }]);
  ws2.receive(welcome({ resumed: true }), subscribed(undefined, { offsets: { 0: 5121, 1: 4410 } }), live(0, 5121, 'usd'));
  assert.equal(ws2.all('subscribe').length + ws2.all('unsubscribe').length, 0);
  const ws3 = await reconnect(h);
  ws3.receive(welcome({ resumed: false, session: 'S3' }));
  assert.deepEqual(ws3.last('subscribe').from, { epoch: EPOCH, offsets: { 0: 5122, 1: 4410 } });
  ws3.receive(subscribed(ws3.last('subscribe').id, { offsets: { 0: 5122, 1: 4410 } }), live(1, 4410, 'eur'));
  assert.deepEqual(h.log.slice(3), [`snapshot 1 ${JSON.stringify(CUT)}`, 'live usd 0:5120',
    `subscribed ${JSON.stringify({ 0: 5121, 1: 4410 })}`, 'recovered true null', 'live usd 0:5121',
    `subscribed ${JSON.stringify({ 0: 5122, 1: 4410 })}`, 'recovered true null', 'live eur 1:4410']);
  assert.equal(h.log.filter((l) => l.startsWith('start')).length, 1);
  h.lc.close();
});

test('snapshot: after completion, a start that may have missed records (topic re-created) takes a new snapshot', async () => {
  const h = await snapshotting();
  h.ws.receive(subscribed(1), done(0), live(0, 5120, 'usd'));
  const ws2 = await reconnect(h);
  ws2.receive(welcome({ resumed: true }),
    subscribed(undefined, { epoch: 'NEW', recovered: false, reason: 'epoch', offsets: { 0: 0, 1: 0 } }), live(0, 0, 'x'));
  assert.deepEqual(ws2.sent.slice(1).map((o) => [o.type, o.from]), [['unsubscribe', undefined], ['subscribe', 'snapshot']]);
  ws2.receive(subscribed(ws2.last('subscribe').id, { epoch: 'NEW', offsets: { 0: 1, 1: 0 } }), snap(0, 0, 'x'));
  assert.deepEqual(h.log.slice(-3), [`subscribed ${JSON.stringify({ 0: 1, 1: 0 })}`, 'start again', 'snap x 0:0']);
  assert.ok(!h.log.includes('live x 0:0'));
  h.lc.close();
});

test('snapshot: the topic re-created under a live snapshot subscription → a new snapshot', async () => {
  const h = await snapshotting();
  h.ws.receive(subscribed(1), done(0), live(0, 5120, 'usd'));
  h.ws.receive(subscribed(undefined, { epoch: 'NEW', recovered: false, reason: 'epoch', offsets: { 0: 0, 1: 0 } }),
    live(0, 0, 'x'));
  assert.deepEqual(h.ws.sent.slice(2).map((o) => [o.type, o.from]), [['unsubscribe', undefined], ['subscribe', 'snapshot']]);
  h.ws.receive(subscribed(h.ws.last('subscribe').id, { epoch: 'NEW', offsets: { 0: 1, 1: 0 } }), snap(0, 0, 'x'), done(1, { offsets: { 0: 1, 1: 0 } }));
  assert.deepEqual(h.log.slice(3), ['live usd 0:5120', `subscribed ${JSON.stringify({ 0: 1, 1: 0 })}`, 'start again',
    'snap x 0:0', `snapshot 1 ${JSON.stringify({ 0: 1, 1: 0 })}`]);
  h.lc.close();
});

test('snapshot refusals: forbidden and bad_request fail at once; unavailable is retried as a snapshot', async () => {
  const h = await snapshotting();
  await settle();
  const ready = h.sub.ready();
  h.ws.receive({ type: 'error', id: 1, code: 'bad_request', message: 'a snapshot needs a compacted topic (cleanup.policy=compact)' });
  await assert.rejects(ready, (e) => e.code === 'bad_request');
  assert.equal(h.sub.state, 'failed');
  assert.deepEqual(h.log, ['error bad_request']);

  const f = h.lc.subscribe('other', { from: 'snapshot' });
  h.ws.receive({ type: 'error', id: h.ws.last('subscribe').id, code: 'forbidden', message: 'snapshots are not enabled for topic other' });
  await assert.rejects(f.ready(), (e) => e.code === 'forbidden');

  const u = h.lc.subscribe('busy', { from: 'snapshot' });
  h.ws.receive({ type: 'error', id: h.ws.last('subscribe').id, code: 'unavailable', message: 'later' });
  assert.equal(u.state, 'pending');
  h.clock.advance(60_000);
  assert.deepEqual([h.ws.last('subscribe').topic, h.ws.last('subscribe').from], ['busy', 'snapshot']);
  h.lc.close();
});

test('snapshot with an iterator: the events come between the records they follow; a restart drops the partial one', async () => {
  const h = await connected(Logcast);
  const sub = h.lc.subscribe('prices', { from: 'snapshot' });
  const log = [];
  sub.on('snapshotStart', (s) => log.push(`start ${s.restart}`));
  sub.on('snapshot', (s) => log.push(`snapshot ${s.count}`));
  const it = sub[Symbol.asyncIterator]();
  h.ws.receive(subscribed(1), snap(0, 1, 'a'), snap(0, 2, 'b'));
  const pull = async () => { const { value } = await it.next(); log.push(`${value.snapshot ? 'snap' : 'live'} ${value.offset}`); };
  await pull();
  // the loop holds 0:1; a restart now drops 0:2 (not pulled yet): it belongs to the partial snapshot
  const ws2 = await reconnect(h);
  ws2.receive(welcome({ resumed: false, session: 'S2' }));
  ws2.receive(subscribed(ws2.last('subscribe').id), snap(0, 3, 'a'), done(1), live(0, 5120, 'a'));
  assert.deepEqual(log, ['start false', 'snap 1'], 'the new start waits for the record the loop holds');
  await pull();
  assert.deepEqual(log, ['start false', 'snap 1', 'start true', 'snap 3']);
  await pull();
  assert.deepEqual(log, ['start false', 'snap 1', 'start true', 'snap 3', 'snapshot 1', 'live 5120']);
  await it.return();
  h.lc.close();
});

test('snapshot: a saved position is not used (a reload starts a new snapshot); a pattern cannot share one', async () => {
  const store = new Map();
  const storage = { getItem: (k) => store.get(k) ?? null, setItem: (k, v) => store.set(k, v) };
  const h = await snapshotting({ persist: 'p', storage });
  h.ws.receive(subscribed(1), done(0), live(0, 5120, 'usd'));
  h.clock.advance(1000);
  assert.deepEqual(JSON.parse(store.get('p')).subs[0].offsets, { 0: 5121, 1: 4410 });
  h.lc.close();

  const { FakeSocket, sockets } = fakeSocketClass();
  const lc = new Logcast('ws://gw/ws', { WebSocket: FakeSocket, clock: new FakeClock(), persist: 'p', storage });
  lc.subscribe('prices', { from: 'snapshot', onMessage() {} });
  await settle();
  sockets[0].open();
  assert.deepEqual(sockets[0].sent[0].resume.subscriptions, [], 'the saved position is not presented');
  sockets[0].receive(welcome({ resumed: false, session: 'S9' }));
  assert.equal(sockets[0].last('subscribe').from, 'snapshot');

  const p = lc.subscribe('pri*', { onMessage() {} });
  sockets[0].receive({ type: 'subscribed', id: sockets[0].last('subscribe').id, pattern: 'pri*', topics: ['prix'] },
    { type: 'subscribed', topic: 'prix', epoch: EPOCH, recovered: true, reason: null, offsets: { 0: 0 } });
  assert.deepEqual(p.topics, ['prix']);
  assert.throws(() => lc.subscribe('prix', { from: 'snapshot' }), (e) => e.code === 'duplicate');
  assert.throws(() => lc.subscribe('pr*', { from: 'snapshot' }), TypeError);
  lc.close();
});

test('snapshot over SSE: the subscribe is refused with bad_request', async () => {
  const { FakeEventSource, streams } = fakeEventSourceClass();
  const lc = new Logcast('http://gw.test/ws', { transports: ['sse'], EventSource: FakeEventSource,
    fetch: fakeFetch().fetch, clock: new FakeClock(), random: () => 0.5 });
  const sub = lc.subscribe('prices', { from: 'snapshot', onMessage() {} });
  await settle();
  assert.equal(streams.length, 0, 'no stream for a snapshot');
  const failed = sub.ready().catch((e) => e);
  await settle();
  await settle();
  const e = await failed;
  assert.equal(e.code, 'bad_request');
  assert.match(e.message, /WebSocket/);
  lc.close();
});
