// lc.history(): the HTTP history endpoint against a fake fetch (URL, query, token, errors, paging),
// and "history then follow": a subscription from the first backward page's position.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Logcast, LogcastError, historyQuery } from '../src/logcast.js';
import { connected, msg, EPOCH, fakeFetch, fakeSocketClass, FakeClock } from '../test-support/fakes.js';

const page = (over = {}) => ({ topic: 'orders', epoch: EPOCH, direction: 'forward', messages: [msg(0, 0), msg(1, 0)],
  gaps: [], next: 'c1', position: { epoch: EPOCH, offsets: { 0: 1, 1: 1 } }, ...over });

/** A client that never connects (history does not need the socket), with a fake fetch. */
function client(answer, options = {}) {
  const { fetch, calls } = fakeFetch(answer);
  const { FakeSocket } = fakeSocketClass();
  const lc = new Logcast('wss://gw.test/lc/ws', { WebSocket: FakeSocket, fetch, clock: new FakeClock(),
    autoConnect: false, ...options });
  return { lc, calls };
}

test('GET {httpBase}/v1/topics/{topic}/messages with the query and the bearer token; the page as sent', async () => {
  const { lc, calls } = client(() => ({ status: 200, body: page() }), { token: 'T1' });
  const p = await lc.history('orders/eu', { key: 'order-42', from: 'earliest', limit: 50, direction: 'forward' });
  assert.equal(calls.length, 1);
  const u = new URL(calls[0].url);
  assert.equal(u.origin + u.pathname, 'https://gw.test/lc/v1/topics/orders%2Feu/messages');
  assert.deepEqual(Object.fromEntries(u.searchParams), { key: 'order-42', from: 'earliest', limit: '50', direction: 'forward' });
  assert.equal(calls[0].init.method, 'GET');
  assert.equal(calls[0].init.headers.Authorization, 'Bearer T1');
  assert.equal(calls[0].init.body, undefined);
  assert.deepEqual(p.messages.map((m) => `${m.partition}:${m.offset}`), ['0:0', '1:0']);
  assert.equal(p.next, 'c1');
  assert.equal(p.epoch, EPOCH);
  assert.deepEqual(p.position, { epoch: EPOCH, offsets: { 0: 1, 1: 1 } });
  assert.deepEqual(p.gaps, []);
  assert.equal(p.key, null);
});

test('defaults: no query parameters, no token; httpUrl wins; {time} and Date become time:<ms>', async () => {
  const { lc, calls } = client(() => ({ status: 200, body: page({ next: null, gaps: undefined }) }),
    { httpUrl: 'https://api.test/base/' });
  const p = await lc.history('orders');
  assert.equal(calls[0].url, 'https://api.test/base/v1/topics/orders/messages');
  assert.equal(calls[0].init.headers.Authorization, undefined);
  assert.equal(p.next, null);
  assert.deepEqual(p.gaps, []);
  await lc.history('orders', { from: { time: 1700000000000 }, direction: 'backward' });
  assert.equal(new URL(calls[1].url).searchParams.get('from'), 'time:1700000000000');
  await lc.history('orders', { from: new Date(5) });
  assert.equal(new URL(calls[2].url).searchParams.get('from'), 'time:5');
});

test('paging with cursor: only the cursor (and key, limit); from/direction with a cursor are refused', async () => {
  const pages = [page({ next: 'c1' }), page({ messages: [msg(0, 1)], next: 'c2' }), page({ messages: [], next: null })];
  const { lc, calls } = client(() => ({ status: 200, body: pages[calls.length - 1] }));
  const seen = [];
  let cursor;
  do {
    const p = await lc.history('orders', cursor ? { cursor, limit: 2 } : { limit: 2 });
    seen.push(...p.messages.map((m) => `${m.partition}:${m.offset}`));
    cursor = p.next;
  } while (cursor);
  assert.deepEqual(seen, ['0:0', '1:0', '0:1']);
  assert.deepEqual(calls.map((c) => new URL(c.url).search), ['?limit=2', '?limit=2&cursor=c1', '?limit=2&cursor=c2']);
  assert.throws(() => historyQuery({ cursor: 'c1', from: 'earliest' }), TypeError);
  assert.throws(() => historyQuery({ cursor: 'c1', direction: 'forward' }), TypeError);
  assert.throws(() => historyQuery({ direction: 'sideways' }), TypeError);
  assert.throws(() => historyQuery({ from: { epoch: EPOCH, offsets: {} } }), TypeError);
  assert.throws(() => historyQuery({ limit: 0 }), TypeError);
  await assert.rejects(lc.history('orders', { cursor: 'c1', direction: 'backward' }), TypeError);
  await assert.rejects(lc.history(''), TypeError);
  assert.equal(calls.length, 3, 'nothing sent for a refused call');
});

test('errors: the JSON body\'s code, message and reason, with the HTTP status; by status without a body', async () => {
  const answers = {
    epoch: { status: 400, body: { type: 'error', code: 'bad_request', message: 'the topic was re-created', reason: 'epoch' } },
    forbidden: { status: 403, body: { type: 'error', code: 'forbidden', message: 'topic \'x\' is not exposed' } },
    missing: { status: 404, body: null },
    busy: { status: 429, body: null },
    down: { status: 503, body: { type: 'error', code: 'unavailable', message: 'Kafka is not answering' } },
  };
  const { lc } = client((url) => answers[new URL(url).pathname.split('/')[4]]);
  await assert.rejects(lc.history('epoch', { cursor: 'old' }), (e) => e instanceof LogcastError &&
    e.code === 'bad_request' && e.reason === 'epoch' && e.status === 400 && e.message === 'the topic was re-created');
  await assert.rejects(lc.history('forbidden'), (e) => e.code === 'forbidden' && e.status === 403 && e.reason === undefined);
  await assert.rejects(lc.history('missing'), (e) => e.code === 'not_found' && e.status === 404);
  await assert.rejects(lc.history('busy'), (e) => e.code === 'rate_limited' && e.status === 429);
  await assert.rejects(lc.history('down'), (e) => e.code === 'unavailable' && e.status === 503);
});

test('no answer: disconnected; aborted: the signal\'s reason', async () => {
  const { lc } = client(() => { throw new TypeError('fetch failed'); });
  await assert.rejects(lc.history('orders'), (e) => e instanceof LogcastError && e.code === 'disconnected');

  const abort = new AbortController();
  const { lc: lc2, calls } = client(async (url, init) => {
    await new Promise((resolve) => setTimeout(resolve, 5));
    if (init.signal?.aborted) throw init.signal.reason;
    return { status: 200, body: page() };
  });
  const p = lc2.history('orders', { signal: abort.signal });
  abort.abort();
  await assert.rejects(p, (e) => e.name === 'AbortError');
  assert.equal(calls[0].init.signal, abort.signal);
});

test('with getToken: the connection\'s token, or a fresh one before connecting; a 401 asks once more and retries', async () => {
  const reasons = [];
  let n = 0;
  const { lc, calls } = client((url, init) => (init.headers.Authorization === 'Bearer t1'
    ? { status: 401, body: { type: 'error', code: 'unauthorized', message: 'token expired' } }
    : { status: 200, body: page() }), { getToken: ({ reason }) => { reasons.push(reason); return `t${++n}`; } });
  const p = await lc.history('orders');
  assert.deepEqual(reasons, ['connect', 'unauthorized']);
  assert.deepEqual(calls.map((c) => c.init.headers.Authorization), ['Bearer t1', 'Bearer t2']);
  assert.equal(p.messages.length, 2);

  // connected: the token the socket was opened with, no getToken call
  const h = await connected(Logcast, { getToken: () => 'live-token', fetch: fakeFetch(() => ({ status: 200, body: page() })).fetch });
  const seen = [];
  h.lc._fetch = async (url, init) => { seen.push(init.headers.Authorization); return { ok: true, status: 200, json: async () => page() }; };
  await h.lc.history('orders');
  assert.deepEqual(seen, ['Bearer live-token']);
  h.lc.close();

  // a fixed token refused: no retry
  const fixed = client(() => ({ status: 401, body: null }), { token: 'bad' });
  await assert.rejects(fixed.lc.history('orders'), (e) => e.code === 'unauthorized');
  assert.equal(fixed.calls.length, 1);
});

test('history then follow: subscribing from the first backward page\'s position continues with no gap and no duplicate', async () => {
  const end = { epoch: EPOCH, offsets: { 0: 10, 1: 4 } };
  const { fetch } = fakeFetch(() => ({ status: 200, body: page({ direction: 'backward', messages: [msg(0, 9), msg(1, 3)],
    next: 'older', position: end }) }));
  const { lc, ws } = await connected(Logcast, { fetch });
  const p = await lc.history('orders', { direction: 'backward', limit: 2 });
  const live = [];
  const sub = lc.subscribe('orders', { from: p.position, onMessage: (m) => live.push(`${m.partition}:${m.offset}`) });
  assert.deepEqual(ws.last('subscribe').from, end);
  ws.receive({ type: 'subscribed', id: ws.last('subscribe').id, topic: 'orders', epoch: EPOCH, recovered: true,
    reason: null, offsets: end });
  ws.receive(msg(0, 9), msg(0, 10), msg(1, 4));
  assert.deepEqual(live, ['0:10', '1:4'], 'what the page held is not delivered again');
  assert.equal(sub.duplicates, 1);
  lc.close();
});
