import { test } from 'node:test';
import assert from 'node:assert/strict';
import { splitFrame } from '../src/frames.js';

test('a frame with one object', () => {
  assert.deepEqual(splitFrame('{"type":"pong"}'), [{ type: 'pong' }]);
});

test('coalesced objects are split on \\n, in order', () => {
  const frame = [
    { type: 'message', topic: 't', partition: 0, offset: 1, data: 'a' },
    { type: 'message', topic: 't', partition: 0, offset: 2, data: 'b' },
    { type: 'gap', topic: 't', partition: 1, from: 0, to: 5, reason: 'retention' },
  ].map((o) => JSON.stringify(o)).join('\n');
  assert.deepEqual(splitFrame(frame).map((o) => o.offset ?? o.type), [1, 2, 'gap']);
});

test('an escaped line break inside a string does not split', () => {
  const out = splitFrame('{"type":"message","data":"two\\nlines"}\n{"type":"pong"}');
  assert.equal(out.length, 2);
  assert.equal(out[0].data, 'two\nlines');
});

test('empty lines are ignored; bad lines are reported and the others kept', () => {
  const bad = [];
  const out = splitFrame('\n{"type":"a"}\n\nnot json\n42\n{"no":"type"}\n[]\n{"type":"b"}\n', (line) => bad.push(line));
  assert.deepEqual(out.map((o) => o.type), ['a', 'b']);
  assert.deepEqual(bad, ['not json', '42', '{"no":"type"}', '[]']);
});
