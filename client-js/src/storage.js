// Optional persistence of the session and the processed positions in sessionStorage, so that a page
// reload resumes. Processed (not received) positions are saved: messages still waiting in an
// iterator's buffer are lost with the page, so a reload must ask for them again.
import { subKey } from './subscription.js';

const VERSION = 1;

/** The storage to use, or null when there is none (Node, or a sandboxed frame where access throws). */
export function defaultStorage() {
  try {
    return globalThis.sessionStorage ?? null;
  } catch {
    return null;
  }
}

/** @returns {{session: string, secret: string, subs: Array<{topic: string, key: string|null, epoch: string, offsets: Record<string, number>}>} | null} */
export function loadState(storage, name) {
  try {
    const raw = storage?.getItem(name);
    if (!raw) return null;
    const s = JSON.parse(raw);
    if (s?.v !== VERSION || !Array.isArray(s.subs)) return null;
    return s;
  } catch {
    return null; // unreadable or corrupt: start fresh, never fail the client over it
  }
}

export function saveState(storage, name, state) {
  try {
    storage?.setItem(name, JSON.stringify({ v: VERSION, ...state }));
  } catch {
    // quota exceeded or storage disabled: persistence is best effort
  }
}

/** One client's persisted state (the `persist` option); without it, save() does nothing. */
export class Persistence {
  #lc;
  #name;
  #storage;
  #saved = new Map(); // subKey → a loaded position whose subscription was not made again (yet)

  constructor(lc, options) {
    this.#lc = lc;
    this.#name = options.persist ? (typeof options.persist === 'string' ? options.persist : 'logcast') : null;
    this.#storage = this.#name ? (options.storage ?? defaultStorage()) : null;
  }

  get enabled() {
    return this.#name != null;
  }

  /** Loads the session to resume and the saved positions, before the first connection. */
  restore() {
    const s = loadState(this.#storage, this.#name);
    if (!s) return;
    if (s.session && s.secret) {
      this.#lc._handshake.savedSession = s.session;
      this.#lc._handshake.secret = s.secret;
    }
    for (const p of s.subs) if (p.epoch) this.#saved.set(subKey(p.topic, p.key ?? null), p);
  }

  /** The saved positions of the topics `covers(topic, key)` (a pattern made again), taken. */
  takeAll(covers) {
    const out = [];
    for (const [k, saved] of this.#saved) {
      if (!covers(saved.topic, saved.key ?? null)) continue;
      this.#saved.delete(k);
      out.push(saved);
    }
    return out;
  }

  /** The saved position of a subscription being made again, if any; it wins over `from`. */
  take(topic, key) {
    const k = subKey(topic, key);
    const saved = this.#saved.get(k);
    this.#saved.delete(k);
    return saved;
  }

  save() {
    if (!this.#name) return;
    const lc = this.#lc;
    // After 4011 the session belongs to another connection (a duplicated tab): keep the positions only.
    const own = lc._fatal?.code !== 'session_taken_over';
    const subs = [...this.#saved.values()]; // saved but not subscribed again (yet)
    for (const sub of lc._subs.values()) { // one per server subscription: a pattern's topics too
      if (!sub._positions.known) continue;
      const { epoch, offsets } = lc._subs.processed(sub);
      subs.push({ topic: sub.topic, key: sub.key, epoch, offsets });
    }
    saveState(this.#storage, this.#name, own
      ? { session: lc._handshake.sessionId, secret: lc._handshake.secret, subs }
      : { session: null, secret: null, subs });
  }
}
