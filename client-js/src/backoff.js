// Reconnect policy: what to do after a close code, and how long to wait before the next attempt.

/**
 * What to do after each close code of the protocol (docs/protocol.md, "Close codes"), one code a
 * line: `stop` (reconnecting cannot help), `auth` (get a new token first), `slow` (the server asked
 * us to slow down: longer backoff) or `retry` (a transient failure: back off, reconnect, resume).
 * Any other code is a `retry`. The gateway's CloseCodeTest parses this table and checks it against
 * the gateway's CloseCode enum: keep it a plain literal, `code: { action: '…', reason: '…' },`.
 */
const CLOSE_ACTIONS = Object.freeze({
  1000: { action: 'stop', reason: 'closed normally' },
  1001: { action: 'retry' }, // heartbeat timeout
  1003: { action: 'stop', reason: 'binary frame sent (client bug)' },
  1005: { action: 'retry' }, // a close frame without a status code
  1006: { action: 'retry' }, // dropped without a close frame
  1008: { action: 'stop', reason: 'policy violation' },
  1009: { action: 'stop', reason: 'message too big' },
  1011: { action: 'retry' }, // internal error
  1012: { action: 'retry' }, // service restart / drain
  1013: { action: 'slow' }, // try again later
  4000: { action: 'stop', reason: 'malformed protocol (client bug)' },
  4001: { action: 'auth', reason: 'unauthorized' },
  4003: { action: 'stop', reason: 'forbidden' },
  4008: { action: 'slow' }, // rate limited
  4009: { action: 'retry' }, // too slow: resume replays from the log
  4010: { action: 'auth', reason: 'token_expired' },
  // Reconnecting would take the session back from the connection that just resumed it, and the
  // two would keep closing each other.
  4011: { action: 'stop', reason: 'session resumed on another connection' },
  4012: { action: 'retry' }, // no hello in time
});

/**
 * @param {number} code WebSocket close code (1006 when the connection just dropped)
 * @returns {{action: 'stop'|'auth'|'slow'|'retry', reason?: string}}
 */
export function closeAction(code) {
  const entry = Object.hasOwn(CLOSE_ACTIONS, code) ? CLOSE_ACTIONS[code] : null;
  if (!entry) return { action: 'retry' }; // an unknown code: a transient failure
  return entry.reason ? { action: entry.action, reason: entry.reason } : { action: entry.action };
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
