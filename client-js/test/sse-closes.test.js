// The SSE transport against a fake EventSource, fetch and clock: close objects in the stream, and streams
// the server refused over HTTP (401, 503, 403, no answer).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { settle, msg, subscribed, EPOCH } from '../test-support/fakes.js';
import { sseClient, streaming } from '../test-support/sse-client.js';

// ---- close objects and HTTP refusals -------------------------------------------------------------------

test('close 4009 (too slow): reconnect and resume from the position', async () => {
  const h = await streaming();
  h.last().receive(msg(0, 0), { type: 'close', code: 4009, reason: 'too slow' }, msg(0, 1));
  assert.equal(h.lc.state, 'disconnected');
  assert.deepEqual(h.got, ['0:0'], 'nothing after the close');
  h.clock.advance(h.clock.nextDelay());
  await settle();
  assert.equal(h.last().param('lastEventId'), `1~${EPOCH}.1.0`);
  h.lc.close();
});

test('close 4003 (disconnected by an administrator): stop, as over a WebSocket', async () => {
  const h = await streaming();
  h.last().receive({ type: 'close', code: 4003, reason: 'kicked' });
  assert.equal(h.lc.state, 'closed');
  assert.equal(h.events.at(-1)[1].error.closeCode, 4003);
  h.clock.advance(60_000);
  assert.equal(h.streams.length, 1, 'no reconnect');
});

test('close 4010 (token expired): getToken("expired"), then a stream with the new token from the position', async () => {
  const reasons = [];
  const h = await streaming({ getToken: ({ reason }) => { reasons.push(reason); return `T${reasons.length}`; } });
  assert.equal(h.last().param('access_token'), 'T1');
  h.last().receive(msg(0, 0), { type: 'close', code: 4010, reason: 'token expired' });
  h.clock.advance(h.clock.nextDelay());
  await settle();
  assert.deepEqual(reasons, ['connect', 'expired']);
  assert.equal(h.last().param('access_token'), 'T2');
  assert.equal(h.last().param('lastEventId'), `1~${EPOCH}.1.0`);
  h.lc.close();
  // with a fixed token there is nothing to renew: stop
  const h2 = await streaming({ token: 'fixed' });
  h2.last().receive({ type: 'close', code: 4010 });
  assert.equal(h2.lc.state, 'closed');
  assert.equal(h2.events.at(-1)[1].error.code, 'token_expired');
});

test('a stream refused with 401: the SDK reads why (fetch) and renews the token', async () => {
  const reasons = [];
  const h = sseClient({ getToken: ({ reason }) => { reasons.push(reason); return 'T'; } },
    () => ({ status: 401, body: { type: 'error', code: 'unauthorized', message: 'token expired' } }));
  h.lc.subscribe('orders', { onMessage() {} });
  await settle();
  h.last().fail();
  await settle();
  assert.equal(h.calls[0].url, h.last().url, 'the same request, to read the status');
  assert.equal(h.calls[0].init.headers.Accept, 'text/event-stream');
  assert.equal(h.lc.state, 'disconnected');
  assert.equal(h.events.at(-1)[1].code, 4001);
  h.clock.advance(h.clock.nextDelay());
  await settle();
  assert.deepEqual(reasons, ['connect', 'unauthorized']);
  h.lc.close();
});

test('a stream refused with 503: the longer backoff of 1013; no answer at all: 1006', async () => {
  const h = sseClient({}, () => ({ status: 503, body: { type: 'error', code: 'unavailable', message: 'draining' } }));
  h.lc.subscribe('orders', { onMessage() {} });
  await settle();
  h.last().fail();
  await settle();
  assert.equal(h.events.at(-1)[1].code, 1013);
  assert.ok(h.events.at(-1)[1].delay >= 2500, 'at least half the slow base');
  h.lc.close();
  const h2 = sseClient({}, () => { throw new TypeError('Failed to fetch'); });
  h2.lc.subscribe('orders', { onMessage() {} });
  await settle();
  h2.last().fail();
  await settle();
  assert.equal(h2.events.at(-1)[1].code, 1006);
  h2.lc.close();
});

test('a refused subscription fails alone: each gets a stream of its own until the server says which', async () => {
  const h = sseClient({}, (url) => (new URL(url).searchParams.getAll('sub').includes('secret')
    ? { status: 403, body: { type: 'error', code: 'forbidden', message: "topic 'secret' is not exposed" } }
    : { status: 200, body: null }));
  const errors = [];
  const got = [];
  h.lc.subscribe('orders', { from: 'earliest', onMessage: (m) => got.push(m.offset) });
  const bad = h.lc.subscribe('secret', { from: 'earliest', onMessage() {}, onError: (e) => errors.push(e) });
  await settle();
  assert.deepEqual(h.last().subs(), ['orders', 'secret']);
  h.last().fail();
  await settle();
  const [orders, secret] = h.streams.slice(1);
  assert.deepEqual([orders.subs(), secret.subs()], [['orders'], ['secret']]);
  orders.open();
  secret.fail();
  await settle();
  assert.equal(h.lc.state, 'connected', 'connected with what is allowed');
  assert.equal(bad.state, 'failed');
  assert.equal(errors[0].code, 'forbidden');
  orders.receive(subscribed(), msg(0, 0));
  assert.deepEqual(got, [0]);
  h.lc.close();
});
