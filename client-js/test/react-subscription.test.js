// The React hooks (@logcast/client/react) under react-test-renderer, against the fake socket: the entry
// point, useSubscription (subscribe on mount, unsubscribe on unmount, StrictMode, folding), useConnectionState.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { act } from 'react';
import { Logcast } from '../src/logcast.js';
import { useSubscription, useConnectionState } from '@logcast/client/react';
import { connected, msg, subscribedTo as subscribed, fakeSocketClass, FakeClock } from '../test-support/fakes.js';
import { failOnReactWarnings, renderHook, serve } from '../test-support/render-hook.js';

failOnReactWarnings();

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
