// Which transport the next connection attempt uses: WebSocket, or Server-Sent Events (sse.js).
//
// The fallback rule: attempts use the current transport until `fallbackAfter` attempts in a row on it
// ended before the connection was up (no `welcome` over a WebSocket; no open stream over SSE) with a
// transport failure (1005/1006/1015: refused, cut or timed out). The next attempt then uses the next
// transport of `transports`, wrapping around. Close codes the server chose (4001, 4003, 1013, …)
// prove the transport works and never switch it. A transport this runtime does not have (no
// `WebSocket`, no `EventSource`) is skipped at once.

export const TRANSPORTS = Object.freeze(['websocket', 'sse']);

/** Codes that mean the transport itself failed, not that the server refused us. */
const TRANSPORT_FAILURES = new Set([1005, 1006, 1015]);

export class TransportChoice {
  #list;
  #after;
  #index = 0;
  #failures = 0;
  #available;

  /**
   * @param {string[]} list the `transports` option, in order of preference
   * @param {number} fallbackAfter failed attempts in a row before trying the next one
   * @param {(name: string) => boolean} available whether this runtime can open that transport
   */
  constructor(list = TRANSPORTS, fallbackAfter = 2, available = () => true) {
    if (!Array.isArray(list) || list.length === 0 || list.some((t) => !TRANSPORTS.includes(t))) {
      throw new TypeError(`transports must be a non-empty list of ${TRANSPORTS.map((t) => `"${t}"`).join(', ')}`);
    }
    this.#list = [...new Set(list)];
    this.#after = Math.max(1, fallbackAfter);
    this.#available = available;
  }

  /** The transport of the current (or next) attempt. */
  get current() {
    return this.#list[this.#index];
  }

  get list() {
    return [...this.#list];
  }

  /** The transport for the next attempt: the current one if available, else the next one that is; null if none. */
  pick() {
    for (let i = 0; i < this.#list.length; i++) {
      const j = (this.#index + i) % this.#list.length;
      if (this.#available(this.#list[j])) {
        if (j !== this.#index) this.#failures = 0;
        this.#index = j;
        return this.#list[j];
      }
    }
    return null;
  }

  /** The connection was up on the current transport: keep it. */
  succeeded() {
    this.#failures = 0;
  }

  /** An attempt ended; `established` when it got that far. Returns true when the transport changed. */
  ended(code, established) {
    if (established || !TRANSPORT_FAILURES.has(code ?? 1006)) {
      if (established) this.#failures = 0;
      return false;
    }
    if (++this.#failures < this.#after || this.#list.length < 2) return false;
    this.#failures = 0;
    this.#index = (this.#index + 1) % this.#list.length;
    return true;
  }
}
