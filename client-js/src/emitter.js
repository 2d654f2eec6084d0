/** A minimal event emitter; a listener that throws does not stop the others or the SDK. */
export class Emitter {
  #listeners = new Map();

  /** @returns {() => void} removes the listener */
  on(event, fn) {
    if (!this.#listeners.has(event)) this.#listeners.set(event, new Set());
    this.#listeners.get(event).add(fn);
    return () => this.off(event, fn);
  }

  off(event, fn) {
    this.#listeners.get(event)?.delete(fn);
  }

  /** How many listeners `event` has. */
  listenerCount(event) {
    return this.#listeners.get(event)?.size ?? 0;
  }

  emit(event, ...args) {
    for (const fn of [...(this.#listeners.get(event) ?? [])]) {
      try {
        fn(...args);
      } catch (e) {
        reportLater(e);
      }
    }
  }
}

/** Surfaces an application callback's exception (console, window.onerror) without unwinding the SDK. */
export function reportLater(e) {
  if (typeof globalThis.reportError === 'function') globalThis.reportError(e);
  else setTimeout(() => { throw e; });
}
