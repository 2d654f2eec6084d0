// The socket lifecycle: one attempt at a time (token, socket, connect timeout), what a close code
// means (stop, renew the token, or back off and reconnect), and the heartbeat watchdog. What rides
// on a socket (handshake, subscriptions, requests) is reset through the client when it goes away.
// The socket is a WebSocket, or the SSE transport behind the same interface (sse.js); which one is
// transports.js's choice.
import { closeAction, reconnectDelay } from './backoff.js';
import { splitFrame } from './frames.js';
import { LogcastError } from './errors.js';
import { SseSocket } from './sse.js';

const OPEN = 1; // WebSocket.OPEN

export class Connection {
  #lc;
  /** @type {import('./logcast.js').WebSocketLike | null} */
  ws = null;
  /** The server sent `welcome` on this socket: requests may go out. */
  welcomed = false;
  welcomedAt = 0;
  attempt = 0;
  /** The transport of the current (or last) attempt: 'websocket' or 'sse'. */
  transport = null;
  // Bumped per attempt: a getToken answer that arrives after close() or reconnect() is dropped.
  #gen = 0;
  #heartbeat = 0;
  #lastRx;
  #pingAt = -Infinity;

  constructor(lc) {
    this.#lc = lc;
  }

  async open() {
    const lc = this.#lc;
    lc._timers.clear('retry');
    const gen = ++this.#gen;
    lc._setState('connecting', { attempt: this.attempt, resume: lc._handshake.secret != null });
    let token = null;
    try {
      token = lc._tokens.renewable ? await lc._tokens.fetch() : lc._tokens.fixed;
    } catch (e) {
      if (gen !== this.#gen) return;
      lc.emit('error', new LogcastError('token', `getToken failed: ${e?.message ?? e}`));
      this.#retry('retry', null, 'getToken failed');
      return;
    }
    if (gen !== this.#gen || lc.state !== 'connecting') return; // close() or reconnect() meanwhile
    let ws;
    try {
      this.transport = lc._transports.pick();
      if (this.transport === 'sse') ws = new SseSocket(lc);
      else if (this.transport === 'websocket') ws = new lc._WS(resolveUrl(lc.url), lc._o.protocols);
      else throw new TypeError(`none of the transports ${lc._transports.list.join(', ')} is available here ` +
        '(pass the WebSocket or EventSource option)');
    } catch (e) {
      lc._stop(new LogcastError('bad_url', `cannot open ${lc.url}: ${e?.message ?? e}`), null, '');
      return;
    }
    this.ws = ws;
    lc._tokens.current = token;
    ws.onopen = () => ws === this.ws && lc._handshake.hello(token);
    ws.onmessage = (e) => ws === this.ws && this.#receive(ws, e.data);
    ws.onclose = (e) => {
      if (ws !== this.ws) return;
      this.detach();
      this.#closed(e.reason, e.code);
    };
    ws.onerror = () => {}; // a close event with the code follows
    lc._timers.set('connect', lc._o.connectTimeoutMs, () => this.drop('no welcome within the connect timeout'));
  }

  /** `welcome` arrived: the connection is up, and the watchdog starts. */
  established(m) {
    const lc = this.#lc;
    lc._timers.clear('connect');
    this.welcomed = true;
    this.welcomedAt = lc._clock.now();
    lc._transports.succeeded();
    this.#heartbeat = lc._o.heartbeatMs ?? m.heartbeat ?? 25_000;
    this.#pingAt = -Infinity;
    this.#armWatchdog(this.#heartbeat);
  }

  send(obj) {
    const ws = this.ws;
    if (!ws || ws.readyState !== OPEN) return false;
    ws.send(JSON.stringify(obj));
    return true;
  }

  /** Forgets the current socket and everything tied to it; returns it. */
  detach() {
    const ws = this.ws;
    if (ws) ws.onopen = ws.onmessage = ws.onclose = ws.onerror = null;
    this.ws = null;
    this.welcomedAt = this.welcomed ? this.welcomedAt : 0;
    this.welcomed = false;
    this.#lc._timers.clear('connect');
    this.#lc._timers.clear('watchdog');
    this.#lc._lost();
    return ws;
  }

  /** Detaches the current socket and closes it with `closeArgs`, which may be none. */
  abandon(...closeArgs) {
    const ws = this.detach();
    try {
      ws?.close(...closeArgs);
    } catch {
      // already closing
    }
    return ws;
  }

  /** Gives up on the current socket at once (it may be dead without telling), as if it dropped. */
  drop(reason) {
    this.abandon();
    this.#closed(reason, 1006);
  }

  #receive(ws, data) {
    const lc = this.#lc;
    if (typeof data !== 'string') return; // binary frames are reserved by the protocol
    this.#lastRx = lc._clock.now();
    const objects = splitFrame(data, (line) =>
      lc.emit('error', new LogcastError('bad_frame', `unparseable object from the server: ${line.slice(0, 120)}`)));
    for (const m of objects) {
      if (ws !== this.ws) return; // a handler closed or replaced the connection
      lc._dispatch(m);
    }
  }

  /** After a socket closed (or was dropped): stop, or wait and reconnect, as the close code says. */
  #closed(reason, code = 1006) {
    const lc = this.#lc;
    const now = lc._clock.now();
    if (this.welcomedAt && now - this.welcomedAt >= lc._o.backoff.resetAfterMs) this.attempt = 0;
    // Failing again and again before the connection is up: the next attempt may use another transport.
    if (lc._transports.ended(code, this.welcomedAt !== 0)) {
      lc.emit('fallback', { from: this.transport, to: lc._transports.current, code });
    }
    this.welcomedAt = 0;
    const { action, reason: meaning } = closeAction(code);
    const text = `connection closed (${code}${reason ? `: ${reason}` : ''})`;
    if (action === 'stop') {
      lc._stop(new LogcastError(code === 4011 ? 'session_taken_over' : 'closed', `${text}, ${meaning}`,
        { closeCode: code }), code, reason);
      return;
    }
    if (action === 'auth') {
      if (!lc._tokens.renewable) {
        lc._stop(new LogcastError(meaning, `${text}: the token was refused and there is no getToken to renew it`,
          { closeCode: code }), code, reason);
        return;
      }
      lc._tokens.refused(meaning);
    }
    this.#retry(action === 'slow' ? 'slow' : 'retry', code, reason);
  }

  #retry(action, code, reason) {
    const lc = this.#lc;
    const attempt = this.attempt++;
    const delay = reconnectDelay(action, attempt, lc._o.backoff, lc._random);
    lc._setState('disconnected', { code, reason, attempt, delay, retryAt: lc._clock.now() + delay });
    lc._timers.set('retry', delay, () => this.open());
  }

  /**
   * Browsers answer the server's WebSocket pings without telling the page, so a dead connection is
   * noticed here: after `heartbeat` ms without any object, send a ping; after another `heartbeat`
   * without an answer (or anything else), give up on the socket and reconnect.
   */
  #armWatchdog(delay) {
    if (!this.#heartbeat) return; // heartbeatMs: 0 turns the watchdog off
    const lc = this.#lc;
    lc._timers.set('watchdog', delay, () => {
      const idle = lc._clock.now() - this.#lastRx;
      if (idle < this.#heartbeat) return this.#armWatchdog(this.#heartbeat - idle);
      if (this.#pingAt <= this.#lastRx) {
        this.#pingAt = lc._clock.now();
        this.send({ type: 'ping' });
        return this.#armWatchdog(this.#heartbeat);
      }
      this.drop('heartbeat timeout: no message and no pong');
    });
  }
}

/** ws(s):// as is; http(s):// and paths relative to the page become ws(s)://. */
export function resolveUrl(url) {
  const u = new URL(url, globalThis.location?.href);
  if (u.protocol === 'http:') u.protocol = 'ws:';
  else if (u.protocol === 'https:') u.protocol = 'wss:';
  return u.href;
}
