// Tokens: a fixed one, or `getToken` called before every connection attempt (told why, so it can
// skip its cache after a refusal) and, for a JWT, shortly before `exp`, handing the new token to the
// server with `refresh` instead of being closed with 4010.
import { LogcastError } from './errors.js';

export class Tokens {
  #lc;
  /** Why the next connection needs a token: after 4001/4010 a cached token would be refused again. */
  reason = 'connect';
  /** The token the current socket was opened with; its `exp` schedules the refresh. */
  current;

  constructor(lc) {
    this.#lc = lc;
  }

  /** With getToken a refused token can be replaced; a fixed token cannot. */
  get renewable() {
    return !!this.#lc._o.getToken;
  }

  get fixed() {
    return this.#lc._o.token ?? null;
  }

  /** getToken's answer for the next attempt, returned as is: the caller awaits it exactly once. */
  fetch() {
    return this.#lc._o.getToken({ reason: this.reason });
  }

  /** The server closed with 4001/4010 (`meaning` from closeAction). */
  refused(meaning) {
    this.reason = meaning === 'token_expired' ? 'expired' : 'unauthorized';
  }

  /** Gets a new token from getToken and hands it to the server before the old one expires. */
  async refresh() {
    const lc = this.#lc;
    if (!lc._o.getToken) throw new LogcastError('no_token_source', 'refreshToken() needs the getToken option');
    const token = await lc._o.getToken({ reason: 'refresh' });
    if (!lc._conn.welcomed) return; // the next hello carries a fresh token anyway
    this.current = token; // also what HTTP publishes (SSE transport) send from now on
    await new Promise((resolve, reject) => {
      const id = lc._requests.add({ kind: 'refresh', resolve, reject });
      lc._conn.send({ type: 'refresh', id, token });
    });
    this.schedule(token);
  }

  /** With getToken and a JWT, refresh a little before it expires instead of being closed with 4010. */
  schedule(token) {
    const lc = this.#lc;
    lc._timers.clear('refresh');
    const exp = lc._o.getToken ? jwtExpiry(token) : null;
    if (exp == null) return;
    const delay = Math.max(1000, exp - lc._o.refreshMarginMs - lc._clock.now());
    lc._timers.set('refresh', delay, () => lc.refreshToken().catch((e) => lc.emit('error', e)));
  }

  /** The socket went away: the next one is opened with a token of its own. */
  lost() {
    this.#lc._timers.clear('refresh');
  }
}

/** The `exp` of a JWT in ms, or null when the token is not a JWT with an expiry. */
export function jwtExpiry(token) {
  try {
    const part = token.split('.')[1].replace(/-/g, '+').replace(/_/g, '/');
    const exp = JSON.parse(atob(part)).exp;
    return typeof exp === 'number' ? exp * 1000 : null;
  } catch {
    return null;
  }
}
