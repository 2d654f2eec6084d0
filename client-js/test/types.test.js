// The TypeScript declarations (src/logcast.d.ts, src/react.d.ts): test/types/usage.ts compiles under
// strict settings, and every `@ts-expect-error` in it is an error (typed topic maps, hooks, history).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';

const tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc');
const project = fileURLToPath(new URL('./types/tsconfig.json', import.meta.url));

test('the declarations type-check test/types/usage.ts (tsc --noEmit, strict)', async () => {
  const { code, output } = await new Promise((resolve) => {
    execFile(process.execPath, [tsc, '-p', project], (error, stdout, stderr) =>
      resolve({ code: error ? error.code : 0, output: stdout + stderr }));
  });
  assert.equal(code, 0, `tsc reported:\n${output}`);
});
