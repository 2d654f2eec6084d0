// The browser's `online`/`offline` events. `offline` drops a connection that is up (it cannot carry
// anything now, and may otherwise look open until the heartbeat watchdog gives up on it); `online`
// starts the next attempt at once instead of waiting out the backoff or a connect timeout begun
// while offline. Only where `globalThis.addEventListener` exists (browsers, workers); listening
// stops when the client closes and starts again with reconnect().

export class Network {
  #lc;
  #listening = false;
  #online = () => this.online();
  #offline = () => this.offline();

  constructor(lc) {
    this.#lc = lc;
  }

  listen() {
    if (this.#listening || typeof globalThis.addEventListener !== 'function') return;
    globalThis.addEventListener('online', this.#online);
    globalThis.addEventListener('offline', this.#offline);
    this.#listening = true;
  }

  stop() {
    if (!this.#listening) return;
    globalThis.removeEventListener?.('online', this.#online);
    globalThis.removeEventListener?.('offline', this.#offline);
    this.#listening = false;
  }

  /** The network is gone: a connection that is up is dropped and reconnects like any dropped one. */
  offline() {
    const conn = this.#lc._conn;
    // An attempt under way is left alone: it fails by itself, or `online` restarts it.
    if (conn.welcomed) conn.drop('the browser went offline');
  }

  /** The network is back: try now, with the attempt count reset (a working connection is kept). */
  online() {
    const lc = this.#lc;
    if (lc.state !== 'disconnected' && lc.state !== 'connecting') return;
    lc._conn.abandon();
    lc._conn.attempt = 0;
    lc._conn.open();
  }
}
