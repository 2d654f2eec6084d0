// The SSE transport against a fake EventSource and clock: delivery, positions, re-subscribing, a cut stream.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { settle, msg, subscribed, EPOCH } from '../test-support/fakes.js';
import { sseClient, streaming, connectedEvents } from '../test-support/sse-client.js';

// ---- delivery, positions, re-subscribing -------------------------------------------------------------

test('over SSE: the same callbacks, positions, iteration; events before the open wait for the welcome', async () => {
  const h = sseClient();
  const got = [];
  const recovered = [];
  const sub = h.lc.subscribe('orders', { from: 'earliest', onMessage: (m) => got.push(m.offset),
    onRecovered: (ok, r) => recovered.push([ok, r]) });
  const it = h.lc.subscribe('prices', { from: 'earliest' })[Symbol.asyncIterator]();
  await settle();
  const es = h.last();
  es.receive(subscribed(), msg(0, 0)); // the data can come before EventSource reports open
  assert.deepEqual(got, []);
  es.open();
  es.receive(subscribed({ topic: 'prices', offsets: { 0: 3 } }), msg(0, 3, { topic: 'prices' }), msg(0, 1));
  assert.deepEqual(got, [0, 1]);
  assert.equal(sub.state, 'active');
  assert.deepEqual(sub.position(), { epoch: EPOCH, offsets: { 0: 2, 1: 0 } });
  assert.equal((await it.next()).value.offset, 3);
  assert.deepEqual(recovered, [], 'started from earliest: nothing to recover');
  h.lc.close();
});

test('a new subscription opens a stream of its own, then joins the others carrying their positions', async () => {
  const h = await streaming();
  h.last().receive(msg(0, 0), msg(1, 0), msg(0, 1));
  const first = h.last();
  const other = [];
  h.lc.subscribe('prices', { key: 'eur', from: 'latest', onMessage: (m) => other.push(m.offset) });
  await settle();
  assert.equal(first.closed, false, 'a stream whose subscriptions did not change stays');
  const fresh = h.last();
  assert.deepEqual(fresh.subs(), ['prices/eur']);
  assert.equal(fresh.param('from'), null, '"latest" is the default');
  fresh.open();
  fresh.receive(subscribed({ topic: 'prices', key: 'eur', offsets: { 0: 40, 1: 7 } }), msg(1, 7, { topic: 'prices', key: 'eur' }));
  await settle();
  // now both have positions: one stream for the two, from exactly where each one is
  assert.equal(first.closed, true);
  assert.equal(fresh.closed, true);
  const merged = h.last();
  assert.deepEqual(merged.subs(), ['orders', 'prices/eur']);
  assert.equal(merged.param('lastEventId'), `1~${EPOCH}.2.1~${EPOCH}.40.8`);
  assert.equal(merged.param('from'), null);
  merged.open();
  // the server starts both again (no ids: the registry ignores them), then carries on
  merged.receive(subscribed({ offsets: { 0: 2, 1: 1 } }), subscribed({ topic: 'prices', key: 'eur', offsets: { 0: 40, 1: 8 } }),
    msg(0, 2), msg(1, 8, { topic: 'prices', key: 'eur' }));
  assert.deepEqual(h.got, ['0:0', '1:0', '0:1', '0:2']);
  assert.deepEqual(other, [7, 8]);
  assert.equal(h.lc.state, 'connected');
  assert.equal(h.events.filter(([e]) => e === 'connected').length, 1, 're-subscribing is not a reconnect');
  h.lc.close();
});

test('unsubscribe reopens the stream without it, from the positions of the others', async () => {
  const h = sseClient();
  h.lc.subscribe('orders', { from: { epoch: EPOCH, offsets: { 0: 4, 1: 2 } }, onMessage() {} });
  const prices = h.lc.subscribe('prices', { from: { epoch: 'P', offsets: { 0: 9 } }, onMessage() {} });
  await settle();
  const es = h.last();
  assert.equal(es.param('lastEventId'), `1~${EPOCH}.4.2~P.9`, 'positions given as from go in the id');
  es.open();
  es.receive(subscribed({ offsets: { 0: 4, 1: 2 } }), subscribed({ topic: 'prices', epoch: 'P', offsets: { 0: 9 } }), msg(0, 4));
  await prices.unsubscribe();
  await settle();
  assert.equal(es.closed, true);
  assert.deepEqual(h.last().subs(), ['orders']);
  assert.equal(h.last().param('lastEventId'), `1~${EPOCH}.5.2`);
  h.lc.close();
});

test('a cut stream: the SDK (not EventSource) reconnects from its positions and drops what comes twice', async () => {
  const h = await streaming();
  const es = h.last();
  es.receive(msg(0, 0), msg(0, 1), msg(1, 0));
  es.fail(); // a browser would reconnect by itself with Last-Event-ID: the SDK closes it instead
  assert.equal(es.closed, true);
  assert.equal(h.lc.state, 'disconnected');
  assert.equal(h.events.at(-1)[1].code, 1006);
  h.clock.advance(h.clock.nextDelay());
  await settle();
  const es2 = h.last();
  assert.notEqual(es2, es);
  assert.equal(es2.param('lastEventId'), `1~${EPOCH}.2.1`);
  es2.open();
  // a server replaying a little too much (the SDK's dedupe is the last line)
  es2.receive(subscribed({ offsets: { 0: 2, 1: 1 } }), msg(0, 1), msg(0, 2), msg(1, 1));
  assert.deepEqual(h.got, ['0:0', '0:1', '1:0', '0:2', '1:1']);
  assert.equal(h.sub.duplicates, 1);
  assert.equal(connectedEvents(h).length, 2);
  h.lc.close();
});
