// useLatestByKey (@logcast/client/react) under react-test-renderer, against the fake socket: the latest
// message per key, snapshots (loading, restarted, refused and the fallback), tombstones.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { act } from 'react';
import { Logcast } from '../src/logcast.js';
import { useLatestByKey } from '@logcast/client/react';
import { connected, msg, subscribedTo as subscribed } from '../test-support/fakes.js';
import { failOnReactWarnings, renderHook, serve } from '../test-support/render-hook.js';

failOnReactWarnings();

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
