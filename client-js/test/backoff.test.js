import { test } from 'node:test';
import assert from 'node:assert/strict';
import { backoffDelay, closeAction, reconnectDelay, DEFAULT_BACKOFF } from '../src/backoff.js';

const P = { baseMs: 500, maxMs: 15_000 };

test('full jitter: the cap doubles per attempt up to the maximum', () => {
  const top = () => 0.999999;
  const caps = [0, 1, 2, 3, 4, 5, 6, 10, 40, 5000].map((a) => backoffDelay(a, P, top));
  assert.deepEqual(caps, [499, 999, 1999, 3999, 7999, 14_999, 14_999, 14_999, 14_999, 14_999]);
});

test('full jitter: the delay can be anything from 0 to the cap', () => {
  assert.equal(backoffDelay(3, P, () => 0), 0);
  assert.equal(backoffDelay(3, P, () => 0.5), 2000);
  for (let i = 0; i < 1000; i++) {
    const d = backoffDelay(i % 8, P);
    assert.ok(d >= 0 && d < Math.min(15_000, 500 * 2 ** (i % 8)), `${d} out of range`);
  }
});

test('after 1013/4008 the backoff is longer and never immediate', () => {
  assert.equal(reconnectDelay('slow', 0, DEFAULT_BACKOFF, () => 0), 2500);
  assert.equal(reconnectDelay('slow', 0, DEFAULT_BACKOFF, () => 0.999999), 4999);
  assert.equal(reconnectDelay('slow', 10, DEFAULT_BACKOFF, () => 0.999999), 59_999);
  assert.equal(reconnectDelay('retry', 0, DEFAULT_BACKOFF, () => 0), 0);
});

test('close codes: stop, get a new token, back off longer, or retry', () => {
  const table = {
    stop: [1000, 1003, 1008, 1009, 4000, 4003, 4011],
    auth: [4001, 4010],
    slow: [1013, 4008],
    retry: [1001, 1005, 1006, 1011, 1012, 4009, 4012, 4999, 3000],
  };
  for (const [action, codes] of Object.entries(table)) {
    for (const code of codes) assert.equal(closeAction(code).action, action, `close ${code}`);
  }
  assert.equal(closeAction(4010).reason, 'token_expired');
  assert.equal(closeAction(4001).reason, 'unauthorized');
});
