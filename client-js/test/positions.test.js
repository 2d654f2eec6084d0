import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Positions } from '../src/positions.js';

test('drops messages at or below what was received, per partition', () => {
  const p = new Positions();
  p.start('E', { 0: 10, 1: 0 });
  assert.equal(p.accept(0, 9), false);
  assert.equal(p.accept(0, 10), true);
  assert.equal(p.accept(0, 10), false);
  assert.equal(p.accept(1, 3), true); // holes in the numbering are normal
  assert.equal(p.accept(1, 2), false);
  assert.equal(p.accept(0, 11), true);
  assert.deepEqual(p.snapshot(), { epoch: 'E', offsets: { 0: 12, 1: 4 } });
});

test('subscribed gives the full start position; it never moves us back', () => {
  const p = new Positions('E', { 0: 5 });
  p.start('E', { 0: 3, 1: 7, 2: 0 });
  assert.deepEqual(p.next, { 0: 5, 1: 7, 2: 0 });
  p.start('E', { 0: 9 });
  assert.equal(p.next[0], 9);
});

test('a new epoch (topic re-created) resets every position', () => {
  const p = new Positions('OLD', { 0: 500, 1: 40 });
  p.acked = { 0: 500 };
  assert.equal(p.start('NEW', { 0: 2, 1: 0 }), true);
  assert.deepEqual(p.next, { 0: 2, 1: 0 });
  assert.deepEqual(p.processed, { 0: 2, 1: 0 });
  assert.deepEqual(p.acked, {});
  assert.equal(p.accept(0, 2), true);
});

test('reason "future": the server is believed even below our position', () => {
  const p = new Positions('E', { 0: 500 });
  p.acked = { 0: 500 };
  p.start('E', { 0: 120 }, true);
  assert.equal(p.next[0], 120);
  assert.equal(p.processed[0], 120);
  assert.equal(p.acked[0], 120);
  assert.equal(p.accept(0, 120), true);
});

test('a gap moves the position to its end', () => {
  const p = new Positions();
  p.start('E', { 0: 100 });
  assert.equal(p.passGap(0, 250), true);
  assert.equal(p.accept(0, 249), false);
  assert.equal(p.passGap(0, 200), false);
});

test('acks carry processed offsets, only when they moved', () => {
  const p = new Positions();
  p.start('E', { 0: 0, 1: 0 });
  assert.deepEqual(p.pendingAck(), { 0: 0, 1: 0 });
  p.markAcked(p.pendingAck());
  assert.equal(p.pendingAck(), null);
  p.accept(0, 0);
  p.accept(0, 1);
  assert.equal(p.pendingAck(), null, 'received is not processed');
  p.done(0, 1);
  assert.deepEqual(p.pendingAck(), { 0: 1 });
  p.done(0, 2);
  p.done(0, 1); // never backwards
  assert.deepEqual(p.pendingAck(), { 0: 2 });
});

test('a restart does not mark buffered, unprocessed messages as processed', () => {
  const p = new Positions();
  p.start('E', { 0: 0 });
  for (let o = 0; o < 10; o++) p.accept(0, o); // an iterator has not pulled them yet
  p.start('E', { 0: 10 }); // resumed from our own position
  assert.equal(p.processed[0], 0);
  // nothing buffered: the server's (higher) acked start counts as processed
  const q = new Positions('E', { 0: 5 });
  q.start('E', { 0: 9 });
  assert.equal(q.processed[0], 9);
});
