// Reconnect policy: what to do after a close code, and how long to wait before the next attempt.

/** Close codes after which reconnecting cannot help (PROTOCOL.md, "Close codes"). */
const STOP = new Map([
  [1000, 'closed normally'],
  [1003, 'binary frame sent (client bug)'],
  [1008, 'policy violation'],
  [1009, 'message too big'],
  [4000, 'malformed protocol (client bug)'],
  [4003, 'forbidden'],
  // Reconnecting would take the session back from the connection that just resumed it, and the
  // two would keep closing each other.
  [4011, 'session resumed on another connection'],
]);

/** The server asked us to slow down: longer backoff. */
const SLOW = new Set([1013, 4008]);

/** The token was rejected or ran out: get a new one before reconnecting. */
const AUTH = new Map([[4001, 'unauthorized'], [4010, 'token_expired']]);

/**
 * @param {number} code WebSocket close code (1006 when the connection just dropped)
 * @returns {{action: 'stop'|'auth'|'slow'|'retry', reason?: string}}
 */
export function closeAction(code) {
  if (STOP.has(code)) return { action: 'stop', reason: STOP.get(code) };
  if (AUTH.has(code)) return { action: 'auth', reason: AUTH.get(code) };
  if (SLOW.has(code)) return { action: 'slow' };
  // 1001, 1005, 1006, 1011, 1012, 4009, 4012 and anything unknown: a transient failure.
  return { action: 'retry' };
}

export const DEFAULT_BACKOFF = Object.freeze({
  baseMs: 500,
  maxMs: 15_000,
  slowBaseMs: 5_000,
  slowMaxMs: 60_000,
  // A connection that stayed up this long counts as healthy: the next failure starts over at attempt 0.
  resetAfterMs: 5_000,
});

/**
 * Exponential backoff with full jitter: a uniform delay in [min, min(max, base * 2^attempt)).
 * Full jitter spreads the reconnects of many clients dropped at once (an instance dying) instead
 * of bringing them back in waves.
 * @param {number} attempt 0 for the first retry
 * @param {{baseMs: number, maxMs: number, minMs?: number}} p
 * @param {() => number} random uniform in [0, 1)
 */
export function backoffDelay(attempt, { baseMs, maxMs, minMs = 0 }, random = Math.random) {
  const cap = Math.min(maxMs, baseMs * 2 ** Math.min(attempt, 30));
  const lo = Math.min(minMs, cap);
  return Math.floor(lo + random() * (cap - lo));
}

/**
 * The delay before reconnecting after a close with `action` ('retry' or 'slow'). After 1013/4008
 * the wait is at least half the slow base, so a server that sheds load is not hit again at once.
 */
export function reconnectDelay(action, attempt, opts = DEFAULT_BACKOFF, random = Math.random) {
  return action === 'slow'
    ? backoffDelay(attempt, { baseMs: opts.slowBaseMs, maxMs: opts.slowMaxMs, minMs: opts.slowBaseMs / 2 }, random)
    : backoffDelay(attempt, { baseMs: opts.baseMs, maxMs: opts.maxMs }, random);
}
