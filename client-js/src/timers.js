// Named one-shot timers on the client's clock (the real one, or a fake in tests). Each concern
// (connect, watchdog, restore, refresh, retry, ack) has at most one timer: setting it again
// replaces it, so no stale callback of an earlier connection fires.

export const realClock = {
  now: () => Date.now(),
  setTimeout: (fn, ms) => setTimeout(fn, ms),
  clearTimeout: (t) => clearTimeout(t),
};

export class Timers {
  #clock;
  #handles = {};

  constructor(clock) {
    this.#clock = clock;
  }

  set(name, ms, fn) {
    this.clear(name);
    this.#handles[name] = this.#clock.setTimeout(() => {
      this.#handles[name] = null;
      fn();
    }, ms);
  }

  clear(name) {
    if (this.#handles[name] != null) this.#clock.clearTimeout(this.#handles[name]);
    this.#handles[name] = null;
  }

  has(name) {
    return this.#handles[name] != null;
  }

  clearAll() {
    for (const name of Object.keys(this.#handles)) this.clear(name);
  }
}
