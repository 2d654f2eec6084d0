// React hooks under react-test-renderer (the react-*.test.js files): rendering a hook, serving inside act.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createElement, act, StrictMode } from 'react';
import TestRenderer from 'react-test-renderer';

/**
 * Sets up act() for the test file; at its end, fails if React printed anything (react-test-renderer 19
 * announces its deprecation once through console.error: that one is let through).
 */
export function failOnReactWarnings() {
  globalThis.IS_REACT_ACT_ENVIRONMENT = true;
  const consoleError = console.error;
  const printed = [];
  console.error = (...args) => {
    if (!String(args[0]).includes('react-test-renderer is deprecated')) printed.push(args);
  };
  test.after(() => {
    console.error = consoleError;
    assert.deepEqual(printed, [], 'React warned');
  });
}

/** Renders `hook(props)` in a component; `results` gets every render's value, `current()` the last one. */
export async function renderHook(hook, props, { strict = false } = {}) {
  const results = [];
  function Probe(p) {
    results.push(hook(p));
    return null;
  }
  const element = (p) => (strict ? createElement(StrictMode, null, createElement(Probe, p)) : createElement(Probe, p));
  let renderer;
  await act(async () => { renderer = TestRenderer.create(element(props)); });
  return {
    results,
    current: () => results.at(-1),
    rerender: (p) => act(async () => renderer.update(element(p))),
    unmount: () => act(async () => renderer.unmount()),
  };
}

/** Runs `fn` (the fake server answering) inside act, so the hooks' updates are rendered after it. */
export const serve = (fn) => act(async () => { fn(); });
