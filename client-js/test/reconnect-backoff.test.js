// Reconnecting against a fake socket and clock: close codes that stop, token renewal, backoff, the
// heartbeat watchdog and the connect timeout.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Logcast } from '../src/logcast.js';
import { connected, reconnectAfter, settle, welcome, fakeSocketClass, FakeClock } from '../test-support/fakes.js';

test('close codes that stop: no reconnect, state closed with the reason', async () => {
  for (const [code, errCode] of [[4003, 'closed'], [1008, 'closed'], [1009, 'closed'], [4000, 'closed'],
    [4011, 'session_taken_over'], [4001, 'unauthorized'], [4010, 'token_expired']]) {
    const h = await connected(Logcast, { token: 'static' });
    h.ws.serverClose(code, 'bye');
    assert.equal(h.lc.state, 'closed', `close ${code}`);
    const closed = h.events.at(-1);
    assert.equal(closed[0], 'closed');
    assert.equal(closed[1].code, code);
    assert.equal(closed[1].error.code, errCode);
    assert.equal(closed[1].error.closeCode, code);
    h.clock.advance(600_000);
    await settle();
    assert.equal(h.sockets.length, 1, `no reconnect after ${code}`);
  }
});

test('4010/4001 with getToken: a new token is fetched, then the client reconnects and resumes', async () => {
  const asked = [];
  let n = 0;
  const getToken = async (ctx) => {
    asked.push(ctx.reason);
    return `T${++n}`;
  };
  const h = await connected(Logcast, { getToken });
  assert.equal(h.ws.sent[0].token, 'T1');
  const ws2 = await reconnectAfter(h, 4010);
  assert.equal(ws2.sent[0].token, 'T2');
  assert.ok(ws2.sent[0].resume, 'resumes');
  ws2.receive(welcome({ resumed: true }));
  const ws3 = await reconnectAfter({ ...h, ws: ws2 }, 4001);
  assert.equal(ws3.sent[0].token, 'T3');
  assert.deepEqual(asked, ['connect', 'expired', 'unauthorized']);
  h.lc.close();
});

test('transient closes reconnect with growing full-jitter delays; slow-down codes wait longer', async () => {
  const h = await connected(Logcast, { random: () => 0.999 });
  const delays = [];
  h.lc.on('disconnected', (d) => delays.push(d.delay));
  let ws = h.ws;
  for (const code of [1006, 1011, 1012, 4009, 4012]) {
    ws.serverClose(code);
    h.clock.advance(h.clock.nextDelay());
    await settle();
    ws = h.sockets.at(-1);
    ws.open(); // no welcome: the attempts keep counting
  }
  assert.deepEqual(delays, [499, 999, 1998, 3996, 7992]);
  ws.serverClose(1013);
  assert.ok(delays.at(-1) >= 2500 && delays.at(-1) <= 60_000, `slow delay ${delays.at(-1)}`);
  h.lc.close();
});

test('a connection that stayed up resets the backoff', async () => {
  const h = await connected(Logcast, { random: () => 0.999 });
  const delays = [];
  h.lc.on('disconnected', (d) => delays.push(d.delay));
  const ws2 = await reconnectAfter(h, 1006);
  ws2.serverClose(1006); // attempt 1, never welcomed
  h.clock.advance(h.clock.nextDelay());
  await settle();
  const ws3 = h.sockets.at(-1);
  ws3.open();
  ws3.receive(welcome());
  h.clock.advance(6000);
  ws3.serverClose(1006);
  assert.deepEqual(delays, [499, 999, 499]);
  h.lc.close();
});

test('heartbeat watchdog: ping when silent, reconnect when the ping gets no answer', async () => {
  const h = await connected(Logcast, {}, { heartbeat: 10_000 });
  h.clock.advance(9_999);
  assert.equal(h.ws.all('ping').length, 0);
  h.clock.advance(1);
  assert.equal(h.ws.all('ping').length, 1);
  h.ws.receive({ type: 'pong' });
  h.clock.advance(10_000);
  assert.equal(h.lc.state, 'connected', 'the pong kept it alive');
  assert.equal(h.ws.all('ping').length, 2);
  h.clock.advance(9_999);
  assert.equal(h.lc.state, 'connected');
  h.clock.advance(1);
  assert.equal(h.lc.state, 'disconnected');
  assert.equal(h.events.at(-1)[1].code, 1006);
  assert.match(h.events.at(-1)[1].reason, /heartbeat/);
  assert.equal(h.ws.closedWith !== null, true, 'the dead socket is closed');
  h.lc.close();
});

test('traffic keeps the watchdog quiet', async () => {
  const h = await connected(Logcast, {}, { heartbeat: 10_000 });
  for (let i = 0; i < 10; i++) {
    h.clock.advance(6_000);
    h.ws.receive({ type: 'pong' });
  }
  assert.equal(h.ws.all('ping').length, 0);
  h.lc.close();
});

test('no welcome within the connect timeout: the attempt is dropped and retried', async () => {
  const { FakeSocket, sockets } = fakeSocketClass();
  const clock = new FakeClock();
  const lc = new Logcast('ws://gw/ws', { WebSocket: FakeSocket, clock, connectTimeoutMs: 4000, random: () => 0.5 });
  await settle();
  sockets[0].open();
  clock.advance(4000);
  assert.equal(lc.state, 'disconnected');
  assert.equal(sockets[0].closedWith !== null, true);
  clock.advance(250);
  await settle();
  assert.equal(sockets.length, 2);
  lc.close();
});

test('JWT from getToken: refreshed shortly before it expires', async () => {
  const jwt = (exp) => `h.${Buffer.from(JSON.stringify({ sub: 'u', exp })).toString('base64url')}.s`;
  const clock0 = 1_000_000; // FakeClock's start, in ms
  let n = 0;
  const getToken = () => jwt(Math.floor(clock0 / 1000) + 120 + 100 * n++);
  const h = await connected(Logcast, { getToken, heartbeatMs: 0 });
  h.clock.advance(89_999);
  assert.equal(h.ws.all('refresh').length, 0);
  h.clock.advance(1);
  await settle();
  const r = h.ws.last('refresh');
  assert.equal(r.token, jwt(Math.floor(clock0 / 1000) + 220));
  h.ws.receive({ type: 'refreshed', id: r.id });
  await settle();
  assert.equal(h.lc.state, 'connected');
  h.lc.close();
});
