// Optional persistence of the session and the processed positions in sessionStorage, so that a page
// reload resumes. Processed (not received) positions are saved: messages still waiting in an
// iterator's buffer are lost with the page, so a reload must ask for them again.

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
