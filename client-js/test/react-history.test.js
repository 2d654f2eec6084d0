// useHistory (@logcast/client/react) under react-test-renderer, against a fake fetch: pages, errors,
// unmounting; then history followed live with useSubscription.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { act } from 'react';
import { Logcast } from '../src/logcast.js';
import { useSubscription, useHistory } from '@logcast/client/react';
import { connected, msg, subscribedTo as subscribed, EPOCH, fakeFetch, fakeSocketClass } from '../test-support/fakes.js';
import { failOnReactWarnings, renderHook, serve } from '../test-support/render-hook.js';

failOnReactWarnings();

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
