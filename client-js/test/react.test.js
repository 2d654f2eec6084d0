// The React hooks (@logcast/client/react) under react-test-renderer, against the fake socket and a
// fake fetch: subscribe on mount, unsubscribe on unmount, StrictMode, folding by key, history pages.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { createElement, act, StrictMode } from 'react';
import TestRenderer from 'react-test-renderer';
import { Logcast } from '../src/logcast.js';
import { useSubscription, useLatestByKey, useHistory, useConnectionState } from '@logcast/client/react';
import { connected, msg, EPOCH, fakeFetch, fakeSocketClass, FakeClock } from '../test-support/fakes.js';

globalThis.IS_REACT_ACT_ENVIRONMENT = true;
// react-test-renderer 19 announces its deprecation once through console.error; nothing else may be printed
const consoleError = console.error;
const printed = [];
console.error = (...args) => {
  if (!String(args[0]).includes('react-test-renderer is deprecated')) printed.push(args);
};
test.after(() => {
  console.error = consoleError;
  assert.deepEqual(printed, [], 'React warned');
});

const subscribed = (id, over = {}) => ({ type: 'subscribed', id, topic: 'orders', epoch: EPOCH, recovered: true,
  reason: null, offsets: { 0: 0, 1: 0 }, ...over });

/** Renders `hook(props)` in a component; `results` gets every render's value, `current()` the last one. */
async function renderHook(hook, props, { strict = false } = {}) {
  const results = [];
  function Probe(p) {
    results.push(hook(p));
    return null;
  }
  const element = (p) => (strict ? createElement(StrictMode, null, createElement(Probe, p)) : createElement(Probe, p));
  let renderer;
  await act(async () => { renderer = TestRenderer.create(element(props)); });
  return {
    results,
    current: () => results.at(-1),
    rerender: (p) => act(async () => renderer.update(element(p))),
    unmount: () => act(async () => renderer.unmount()),
  };
}

/** Runs `fn` (the fake server answering) inside act, so the hooks' updates are rendered after it. */
const serve = (fn) => act(async () => { fn(); });

test('the react entry point is @logcast/client/react, with React as a peer dependency only', () => {
  const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url)));
  assert.deepEqual(pkg.exports['./react'], { types: './src/react.d.ts', default: './src/react.js' });
  assert.equal(pkg.peerDependencies.react, '>=18');
  assert.equal(pkg.dependencies?.react, undefined);
  assert.equal(typeof useSubscription, 'function');
});

test('useSubscription: subscribes on mount, the latest messages and status, unsubscribes on unmount', async () => {
  const { lc, ws } = await connected(Logcast);
  const seen = [];
  const h = await renderHook(({ topic }) => useSubscription(lc, topic, { from: 'earliest', keep: 3,
    onMessage: (m) => seen.push(m.offset) }), { topic: 'orders' });
  assert.equal(h.current().status, 'pending');
  assert.equal(h.current().connection, 'connected');
  assert.deepEqual(ws.last('subscribe'), { type: 'subscribe', id: 1, topic: 'orders', from: 'earliest' });
  const renders = h.results.length;
  await serve(() => ws.receive(subscribed(1), msg(0, 0), msg(0, 1), msg(1, 0), msg(0, 2), msg(1, 1)));
  assert.equal(h.results.length, renders + 1, 'one frame, one render (React batches; the hook copies once per frame)');
  assert.equal(h.current().status, 'active');
  assert.deepEqual(h.current().messages.map((m) => `${m.partition}:${m.offset}`), ['1:0', '0:2', '1:1'], 'the latest 3');
  assert.equal(h.current().last.offset, 1);
  assert.deepEqual(seen, [0, 1, 0, 2, 1]);
  assert.equal(h.current().subscription, lc.subscriptions[0]);
  await h.unmount();
  assert.deepEqual(ws.last('unsubscribe'), { type: 'unsubscribe', id: 2, topic: 'orders' });
  assert.equal(lc.subscriptions.length, 0);
  await act(async () => lc.close());
});

test('useSubscription under StrictMode: one live subscription, delivered to the component; none after unmount', async () => {
  const { lc, ws } = await connected(Logcast);
  const h = await renderHook(() => useSubscription(lc, 'orders'), {}, { strict: true });
  assert.equal(lc.subscriptions.length, 1);
  // subscribe (1), unsubscribe, subscribe again: the SDK answers the first one's confirmation with an
  // unsubscribe and sends the second once the server refused it as "already subscribed"
  const ids = ws.all('subscribe').map((s) => s.id);
  await serve(() => {
    ws.receive(subscribed(ids[0]));
    for (const id of ws.all('subscribe').map((s) => s.id).slice(1)) {
      ws.receive({ type: 'error', id, code: 'bad_request', message: 'already subscribed' });
    }
  });
  const last = ws.last('subscribe').id;
  await serve(() => ws.receive(subscribed(last), msg(0, 5)));
  assert.equal(h.current().status, 'active');
  assert.deepEqual(h.current().messages.map((m) => m.offset), [5]);
  await h.unmount();
  assert.equal(lc.subscriptions.length, 0);
  await act(async () => lc.close());
});

test('useSubscription with a topic pattern under StrictMode: messages of every topic; the pattern is left on unmount', async () => {
  const { lc, ws } = await connected(Logcast);
  const h = await renderHook(() => useSubscription(lc, 'orders.*'), {}, { strict: true });
  assert.equal(lc.subscriptions.length, 1);
  const [first, ...others] = ws.all('subscribe');
  assert.equal(first.pattern, 'orders.*');
  await serve(() => {
    // the later subscribes are refused at once ("already subscribed"), then the first one is answered
    for (const s of others) ws.receive({ type: 'error', id: s.id, code: 'bad_request', message: 'already subscribed' });
    ws.receive({ type: 'subscribed', id: first.id, pattern: 'orders.*', topics: ['orders.eu', 'orders.us'] },
      subscribed(undefined, { id: undefined, topic: 'orders.eu' }), subscribed(undefined, { id: undefined, topic: 'orders.us' }),
      msg(0, 5, { topic: 'orders.eu' }), msg(1, 2, { topic: 'orders.us' }));
  });
  assert.equal(h.current().status, 'active');
  assert.deepEqual(h.current().messages.map((m) => `${m.topic}:${m.offset}`), ['orders.eu:5', 'orders.us:2']);
  assert.equal(ws.all('unsubscribe').length, 0);
  await h.unmount();
  assert.deepEqual(ws.all('unsubscribe').map((u) => u.pattern), ['orders.*']);
  assert.equal(lc.subscriptions.length, 0);
  await act(async () => lc.close());
});

test('useSubscription: new parameters subscribe anew and start over; reduce folds; enabled:false and no client are idle', async () => {
  const { lc, ws } = await connected(Logcast);
  const h = await renderHook(({ k, enabled }) => useSubscription(lc, 'orders', { key: k, enabled,
    reduce: (sum, m) => sum + m.data.n, initial: 0 }), { k: 'a', enabled: true });
  await serve(() => ws.receive(subscribed(ws.last('subscribe').id, { key: 'a' }),
    msg(0, 1, { key: 'a', data: { n: 10 } }), msg(0, 2, { key: 'a', data: { n: 5 } })));
  assert.equal(h.current().state, 15);
  await h.rerender({ k: 'b', enabled: true });
  assert.equal(ws.last('unsubscribe').key, 'a');
  assert.equal(ws.last('subscribe').key, 'b');
  assert.equal(h.current().state, 0);
  assert.deepEqual(h.current().messages, []);
  await h.rerender({ k: 'b', enabled: false });
  assert.equal(h.current().status, 'idle');
  assert.equal(lc.subscriptions.length, 0);
  const none = await renderHook(() => useSubscription(null, 'orders'), {});
  assert.equal(none.current().status, 'idle');
  assert.equal(none.current().connection, 'idle');
  await act(async () => lc.close());
});

test('useSubscription: a refused subscribe and a duplicate one are status "failed" with the error', async () => {
  const { lc, ws } = await connected(Logcast);
  const h = await renderHook(() => useSubscription(lc, 'secret'), {});
  await serve(() => ws.receive({ type: 'error', id: ws.last('subscribe').id, code: 'forbidden', message: 'no' }));
  assert.equal(h.current().status, 'failed');
  assert.equal(h.current().error.code, 'forbidden');
  lc.subscribe('orders', { onMessage() {} });
  const dup = await renderHook(() => useSubscription(lc, 'orders'), {});
  assert.equal(dup.current().status, 'failed');
  assert.equal(dup.current().error.code, 'duplicate');
  await act(async () => lc.close());
});

test('useConnectionState follows the client', async () => {
  const { FakeSocket, sockets } = fakeSocketClass();
  const lc = new Logcast('ws://gw.test/ws', { WebSocket: FakeSocket, clock: new FakeClock(), autoConnect: false });
  const h = await renderHook(() => useConnectionState(lc), {});
  assert.equal(h.current(), 'idle');
  await act(async () => { lc.connect(); });
  assert.equal(h.current(), 'connecting');
  await serve(() => { sockets[0].open(); sockets[0].receive({ type: 'welcome', session: 'S', secret: 's', node: 'n' }); });
  assert.equal(h.current(), 'connected');
  await act(async () => lc.close());
  assert.equal(h.current(), 'closed');
});

test('useLatestByKey from earliest: the latest message per key; a tombstone deletes its key', async () => {
  const { lc, ws } = await connected(Logcast);
  const h = await renderHook(() => useLatestByKey(lc, 'orders', { from: 'earliest' }), {});
  assert.equal(ws.last('subscribe').from, 'earliest');
  assert.equal(h.current().snapshot, 'none');
  assert.ok(h.current().byKey instanceof Map);
  assert.equal(h.current().byKey.size, 0);
  await serve(() => ws.receive(subscribed(ws.last('subscribe').id),
    msg(0, 0, { key: 'a', data: { s: 'new' } }), msg(1, 0, { key: 'b', data: { s: 'new' } }),
    msg(0, 1, { key: 'a', data: { s: 'paid' } }), msg(1, 1, { data: { s: 'no key' } })));
  const first = h.current().byKey;
  assert.deepEqual([...first].map(([k, m]) => [k, m.data.s]), [['a', 'paid'], ['b', 'new'], [null, 'no key']]);
  assert.equal(h.current().status, 'active');
  await serve(() => ws.receive(msg(1, 2, { key: 'b', data: null })));
  assert.deepEqual([...h.current().byKey.keys()], ['a', null]);
  assert.notEqual(h.current().byKey, first, 'a new Map per change');
  assert.equal(first.size, 3, 'the rendered map is not changed afterwards');
  await act(async () => lc.close());
});

test('useLatestByKey: from can be given (e.g. "latest")', async () => {
  const { lc, ws } = await connected(Logcast);
  await renderHook(() => useLatestByKey(lc, 'orders', { from: 'latest', key: 'a' }), {});
  assert.deepEqual(ws.last('subscribe'), { type: 'subscribe', id: 1, topic: 'orders', key: 'a', from: 'latest' });
  await act(async () => lc.close());
});

const snap = (partition, offset, key, data) => msg(partition, offset, { key, data, snapshot: true });
const snapshotDone = (count, offsets = { 0: 10, 1: 10 }) => ({ type: 'snapshot', topic: 'orders', count, offsets });

test('useLatestByKey: from a snapshot by default; "loading" until it is complete, then live; tombstones delete', async () => {
  const { lc, ws } = await connected(Logcast);
  const h = await renderHook(() => useLatestByKey(lc, 'orders'), {});
  assert.deepEqual(ws.last('subscribe'), { type: 'subscribe', id: 1, topic: 'orders', from: 'snapshot' });
  assert.equal(h.current().snapshot, 'loading');
  await serve(() => ws.receive(subscribed(1, { offsets: { 0: 10, 1: 10 } }), snap(1, 7, 'b', { s: 'new' }),
    snap(0, 9, 'a', { s: 'paid' })));
  assert.equal(h.current().status, 'active');
  assert.equal(h.current().snapshot, 'loading', 'the map is partial');
  assert.deepEqual([...h.current().byKey].map(([k, m]) => [k, m.data.s]), [['b', 'new'], ['a', 'paid']]);
  await serve(() => ws.receive(snapshotDone(2)));
  assert.equal(h.current().snapshot, 'ready');
  await serve(() => ws.receive(msg(1, 10, { key: 'b', data: null }), msg(0, 10, { key: 'c', data: { s: 'new' } })));
  assert.deepEqual([...h.current().byKey.keys()], ['a', 'c']);
  assert.equal(h.current().error, null);
  assert.equal(h.current().snapshotError, null);
  await act(async () => lc.close());
});

test('useLatestByKey: a snapshot started again (a drop before it completed) empties the map first', async () => {
  const { lc, ws, sockets, clock } = await connected(Logcast);
  const h = await renderHook(() => useLatestByKey(lc, 'orders'), {});
  await serve(() => ws.receive(subscribed(1, { offsets: { 0: 10, 1: 10 } }), snap(0, 3, 'gone', { s: 'x' })));
  assert.deepEqual([...h.current().byKey.keys()], ['gone']);
  await serve(() => ws.serverClose(1006));
  await act(async () => clock.advance(clock.nextDelay()));
  const ws2 = sockets.at(-1);
  await serve(() => { ws2.open(); ws2.receive({ type: 'welcome', session: 'S2', secret: 's2', resumed: false, node: 'n' }); });
  assert.equal(ws2.last('subscribe').from, 'snapshot');
  assert.deepEqual([...h.current().byKey.keys()], ['gone'], 'kept until the new snapshot starts');
  await serve(() => ws2.receive(subscribed(ws2.last('subscribe').id, { offsets: { 0: 12, 1: 10 } }), snap(0, 11, 'kept', { s: 'y' })));
  assert.deepEqual([...h.current().byKey.keys()], ['kept'], 'what the partial snapshot built is gone');
  assert.equal(h.current().snapshot, 'loading');
  await serve(() => ws2.receive(snapshotDone(1, { 0: 12, 1: 10 })));
  assert.equal(h.current().snapshot, 'ready');
  await act(async () => lc.close());
});

test('useLatestByKey: a snapshot refused with bad_request or forbidden falls back to earliest; others fail', async () => {
  const { lc, ws } = await connected(Logcast);
  for (const [code, message] of [['bad_request', 'a snapshot needs a compacted topic (cleanup.policy=compact)'],
    ['forbidden', 'snapshots are not enabled for topic orders']]) {
    const h = await renderHook(() => useLatestByKey(lc, 'orders'), {});
    const first = ws.last('subscribe');
    assert.equal(first.from, 'snapshot');
    await serve(() => ws.receive({ type: 'error', id: first.id, code, message }));
    const second = ws.last('subscribe');
    assert.notEqual(second.id, first.id);
    assert.equal(second.from, 'earliest');
    assert.equal(h.current().snapshotError.code, code);
    assert.equal(h.current().snapshot, 'none');
    assert.equal(h.current().status, 'pending');
    await serve(() => ws.receive(subscribed(second.id), msg(0, 0, { key: 'a', data: { s: 'new' } })));
    assert.equal(h.current().status, 'active');
    assert.deepEqual([...h.current().byKey.keys()], ['a']);
    await h.unmount();
  }
  const limited = await renderHook(() => useLatestByKey(lc, 'orders'), {});
  await serve(() => ws.receive({ type: 'error', id: ws.last('subscribe').id, code: 'limit_exceeded', message: 'too big' }));
  assert.equal(limited.current().status, 'failed');
  assert.equal(limited.current().error.code, 'limit_exceeded');
  await limited.unmount();
  const none = await renderHook(() => useLatestByKey(lc, 'orders', { fallback: null }), {});
  const n = ws.all('subscribe').length;
  await serve(() => ws.receive({ type: 'error', id: ws.last('subscribe').id, code: 'forbidden', message: 'no' }));
  assert.equal(ws.all('subscribe').length, n, 'no fallback');
  assert.equal(none.current().status, 'failed');
  await act(async () => lc.close());
});

const historyPage = (offsets, next) => ({ topic: 'orders', epoch: EPOCH, direction: 'backward',
  messages: offsets.map((o) => msg(0, o)), gaps: [], next, position: { epoch: EPOCH, offsets: { 0: 10 } } });

test('useHistory: the first page on mount, loadMore appends the next, hasMore ends; position is the first page\'s', async () => {
  const pages = { '': historyPage([9, 8], 'c1'), c1: historyPage([7, 6], 'c2'), c2: historyPage([5], null) };
  const { fetch, calls } = fakeFetch((url) => ({ status: 200, body: { ...pages[new URL(url).searchParams.get('cursor') ?? ''],
    position: { epoch: EPOCH, offsets: { 0: calls.length * 100 } } } }));
  const lc = new Logcast('ws://gw.test/ws', { WebSocket: fakeSocketClass().FakeSocket, fetch, autoConnect: false });
  const h = await renderHook(() => useHistory(lc, 'orders', { direction: 'backward', limit: 2 }), {});
  assert.equal(h.results[0].loading, true);
  assert.deepEqual(h.current().messages.map((m) => m.offset), [9, 8]);
  assert.equal(h.current().loading, false);
  assert.equal(h.current().hasMore, true);
  assert.deepEqual(h.current().position, { epoch: EPOCH, offsets: { 0: 100 } });
  assert.equal(new URL(calls[0].url).search, '?limit=2&direction=backward');
  let more;
  await act(async () => { more = h.current().loadMore(); });
  assert.equal(more, true);
  assert.equal(new URL(calls[1].url).search, '?limit=2&cursor=c1');
  await act(async () => { h.current().loadMore(); });
  assert.deepEqual(h.current().messages.map((m) => m.offset), [9, 8, 7, 6, 5]);
  assert.equal(h.current().hasMore, false);
  assert.equal(h.current().pages, 3);
  assert.deepEqual(h.current().position, { epoch: EPOCH, offsets: { 0: 100 } }, 'still the first page\'s');
  await act(async () => { more = h.current().loadMore(); });
  assert.equal(more, false);
  assert.equal(calls.length, 3);
});

test('useHistory: an error is returned and loadMore tries that page again; unmounting aborts the request', async () => {
  let fail = true;
  const { fetch, calls } = fakeFetch(() => (fail ? { status: 503, body: { type: 'error', code: 'unavailable', message: 'busy' } }
    : { status: 200, body: historyPage([1], null) }));
  const lc = new Logcast('ws://gw.test/ws', { WebSocket: fakeSocketClass().FakeSocket, fetch, autoConnect: false });
  const h = await renderHook(() => useHistory(lc, 'orders'), {});
  assert.equal(h.current().error.code, 'unavailable');
  assert.equal(h.current().loading, false);
  fail = false;
  await act(async () => { h.current().loadMore(); });
  assert.equal(h.current().error, null);
  assert.deepEqual(h.current().messages.map((m) => m.offset), [1]);
  assert.equal(calls.length, 2);
  assert.equal(calls[1].url, calls[0].url);

  let release;
  const slow = fakeFetch(() => new Promise((resolve) => { release = resolve; }));
  const lc2 = new Logcast('ws://gw.test/ws', { WebSocket: fakeSocketClass().FakeSocket, fetch: slow.fetch, autoConnect: false });
  const pending = await renderHook(() => useHistory(lc2, 'orders'), {});
  const renders = pending.results.length;
  await pending.unmount();
  assert.equal(slow.calls[0].init.signal.aborted, true);
  await act(async () => release({ status: 200, body: historyPage([1], null) }));
  assert.equal(pending.results.length, renders, 'nothing rendered after unmount');
});

test('history then follow with hooks: subscribe from useHistory\'s position once it is known', async () => {
  const end = { epoch: EPOCH, offsets: { 0: 10, 1: 3 } };
  const { fetch } = fakeFetch(() => ({ status: 200, body: { ...historyPage([9], 'older'), position: end } }));
  const { lc, ws } = await connected(Logcast, { fetch });
  const h = await renderHook(() => {
    const past = useHistory(lc, 'orders', { direction: 'backward', limit: 1 });
    const live = useSubscription(lc, 'orders', { from: past.position, enabled: past.position != null });
    return { past, live };
  }, {});
  assert.deepEqual(ws.last('subscribe').from, end);
  await serve(() => ws.receive(subscribed(ws.last('subscribe').id, { offsets: end }), msg(0, 9), msg(0, 10)));
  assert.deepEqual(h.current().past.messages.map((m) => m.offset), [9]);
  assert.deepEqual(h.current().live.messages.map((m) => m.offset), [10]);
  await act(async () => lc.close());
});
