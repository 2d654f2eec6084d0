// Logcast browser SDK: one WebSocket connection (logcast.v1) that reconnects, resumes its session and
// re-subscribes from its own positions, so the application sees every record once and in order; or,
// where WebSockets cannot be opened, Server-Sent Events streams with the same positions.
// Protocol: docs/protocol.md in the Logcast repository.
//
// The parts share one connection's state, so each gets the client and reaches the others through it:
//   connection.js  socket lifecycle, close codes and backoff, heartbeat watchdog
//   transports.js  WebSocket or SSE: the fallback rule
//   sse.js         the SSE transport behind the WebSocket interface (sse-plan.js: streams, ids, URLs)
//   http.js        HTTP requests (publish over SSE, history), and why a stream was refused
//   history.js     pages of retained records over HTTP
//   network.js     the browser's online/offline events
//   handshake.js   hello/welcome, resume, restoring subscriptions
//   registry.js    subscriptions: subscribe/unsubscribe requests, routing messages
//   answers.js     the server's answers to subscribes and restores, refusals
//   patterns.js    topic pattern subscriptions (pattern.js: the object the application gets)
//   acks.js        batched acks of processed positions
//   requests.js    requests in flight and their replies; publishing
//   token.js       getToken, refresh before a JWT expires
//   storage.js     session and positions across page reloads
import { DEFAULT_BACKOFF } from './backoff.js';
import { Subscription } from './subscription.js';
import { Emitter } from './emitter.js';
import { LogcastError } from './errors.js';
import { Persistence } from './storage.js';
import { Timers, realClock } from './timers.js';
import { Connection } from './connection.js';
import { Handshake } from './handshake.js';
import { Registry } from './registry.js';
import { Answers } from './answers.js';
import { Patterns } from './patterns.js';
import { PatternSubscription, isPattern } from './pattern.js';
import { Acks } from './acks.js';
import { Requests } from './requests.js';
import { Tokens } from './token.js';
import { TransportChoice, TRANSPORTS } from './transports.js';
import { Network } from './network.js';
import { history } from './history.js';

export { LogcastError, Subscription, PatternSubscription };
export { splitFrame } from './frames.js';
export { backoffDelay, closeAction } from './backoff.js';
export { Positions } from './positions.js';
export { resolveUrl } from './connection.js';
export { jwtExpiry } from './token.js';
export { TransportChoice, TRANSPORTS } from './transports.js';
export { eventId, planStreams, streamUrl } from './sse-plan.js';
export { historyQuery } from './history.js';

export class Logcast extends Emitter {
  /**
   * @param {string} [url] ws://, wss://, http(s):// or a path such as "/ws" (resolved against the page)
   * @param {import('./logcast.js').LogcastOptions} [options]
   */
  constructor(url = '/ws', options = {}) {
    super();
    this.url = url;
    this._o = {
      ackIntervalMs: 1000,
      connectTimeoutMs: 10_000,
      restoreGraceMs: 3000,
      publishTimeoutMs: 30_000,
      refreshMarginMs: 30_000,
      protocols: ['logcast.v1'],
      ...options,
      backoff: { ...DEFAULT_BACKOFF, ...options.backoff },
    };
    this._WS = options.WebSocket ?? globalThis.WebSocket;
    this._ES = options.EventSource ?? globalThis.EventSource;
    this._fetch = options.fetch ?? globalThis.fetch?.bind(globalThis);
    this._transports = new TransportChoice(options.transports ?? TRANSPORTS, options.fallbackAfter ?? 2,
      (t) => typeof (t === 'sse' ? this._ES : this._WS) === 'function');
    this._clock = options.clock ?? realClock;
    this._random = options.random ?? Math.random;
    /** @type {'idle'|'connecting'|'connected'|'disconnected'|'closed'} */
    this.state = 'idle';
    /** The current session as the last `welcome` described it, or null before the first one. */
    this.session = null;
    this._connected = null; // the last `connected` event's detail, for ready()
    this._fatal = null; // the error that stopped the client, null when closed by the application
    this._timers = new Timers(this._clock);
    this._conn = new Connection(this);
    this._handshake = new Handshake(this);
    this._subs = new Registry(this);
    this._answers = new Answers(this);
    this._patterns = new Patterns(this);
    this._acks = new Acks(this);
    this._requests = new Requests(this);
    this._tokens = new Tokens(this);
    this._store = new Persistence(this, options);
    if (this._store.enabled) {
      this._store.restore();
      // the last acks and positions before the page goes away (reload, navigation, tab closed)
      this._onPageHide = () => this._acks.flush();
      globalThis.addEventListener?.('pagehide', this._onPageHide);
    }
    this._network = new Network(this);
    this._network.listen();
    if (options.autoConnect !== false) queueMicrotask(() => this.state === 'idle' && this._conn.open());
  }

  /** The transport of the current connection (or of the attempt under way): 'websocket' or 'sse'. */
  get transport() {
    return this._conn.transport ?? this._transports.pick();
  }

  /** Starts connecting (only needed with `autoConnect: false`). */
  connect() {
    if (this.state === 'idle') this._conn.open();
  }

  /**
   * Resolves with the `connected` event's detail once the client is connected (at once when it is);
   * rejects with the error that stopped the client (or `closed`) when it closes before that.
   * @returns {Promise<import('./logcast.js').ConnectedEvent>}
   */
  ready() {
    if (this.state === 'connected') return Promise.resolve(this._connected);
    if (this.state === 'closed') return Promise.reject(this._fatal ?? new LogcastError('closed', 'the client is closed'));
    return new Promise((resolve, reject) => {
      const offs = [
        this.on('connected', (detail) => { done(); resolve(detail); }),
        this.on('closed', ({ error }) => { done(); reject(error ?? new LogcastError('closed', 'the client is closed')); }),
      ];
      const done = () => offs.forEach((off) => off());
    });
  }

  /**
   * A topic, or a topic pattern (`*`: any run of characters, e.g. "orders.*"): one subscription
   * for every matching topic, those created later included (a PatternSubscription).
   * @param {string} topic
   * @param {import('./logcast.js').SubscribeOptions} [options]
   */
  subscribe(topic, options = {}) {
    return isPattern(topic) ? this._patterns.add(topic, options) : this._subs.add(topic, options);
  }

  /** Every subscription that is not closed or failed (patterns as one each). */
  get subscriptions() {
    return [...this._subs.own(), ...this._patterns.values()];
  }

  /**
   * Publishes one record; resolves once Kafka acknowledged it. Calls made while disconnected are
   * sent after the next `welcome`. A publish already sent when the connection drops is rejected
   * with code `disconnected` (it may or may not have been written), unless it has an
   * idempotencyKey: then it is sent again, and the server writes it at most once.
   * @param {string} topic
   * @param {unknown} data any JSON value
   * @param {import('./logcast.js').PublishOptions} [options]
   */
  publish(topic, data, options = {}) {
    if (this.state === 'closed') return Promise.reject(this._fatal ?? new LogcastError('closed', 'the client is closed'));
    return this._requests.publish(topic, data, options);
  }

  /**
   * One page of a topic's retained records over HTTP (`GET /v1/topics/{topic}/messages`), in any
   * state of the client. Pass the page's `next` as `cursor` for the following one. The first
   * backward page's `position` is where the log ended: `subscribe(topic, {from: page.position})`
   * continues live from there with nothing lost and nothing twice.
   * @param {string} topic
   * @param {import('./logcast.js').HistoryOptions} [options]
   * @returns {Promise<import('./logcast.js').HistoryPage>}
   */
  history(topic, options = {}) {
    return history(this, topic, options);
  }

  /** Gets a new token from `getToken` and hands it to the server (`refresh`) before the old one expires. */
  refreshToken() {
    return this._tokens.refresh();
  }

  /**
   * Reconnects now: after the client stopped (state `closed`), while waiting to retry, or to replace
   * a working connection. `fresh: true` drops the session (a new one is started and every
   * subscription re-subscribes from its own position), e.g. after 4011 when this tab should win.
   */
  reconnect({ fresh = false } = {}) {
    this._conn.abandon();
    if (fresh) this._handshake.forget();
    this._fatal = null;
    this._conn.attempt = 0;
    if (this._onPageHide) globalThis.addEventListener?.('pagehide', this._onPageHide); // removed by close()
    this._network.listen(); // stopped when the client closed
    this._conn.open();
  }

  /** Closes the connection for good: sends pending acks first, keeps persisted state for a reload. */
  close() {
    if (this.state === 'closed' && !this._conn.ws) return;
    this._acks.flush();
    this._conn.abandon(1000, 'client closed');
    this._fatal = null;
    if (this._onPageHide) globalThis.removeEventListener?.('pagehide', this._onPageHide);
    this._shutdown(new LogcastError('closed', 'the client is closed'));
    this._setState('closed', { code: 1000, reason: 'closed by the client', error: null });
  }

  /** @internal one object from the server, to the part that handles its type. */
  _dispatch(m) {
    this.emit('frame', m);
    switch (m.type) {
      case 'welcome': this._handshake.welcome(m); break;
      case 'subscribed':
        if (m.pattern != null) this._patterns.subscribed(m);
        else this._answers.subscribed(m);
        break;
      case 'message': this._subs.deliver(m); break;
      case 'gap': this._subs.gap(m); break;
      case 'snapshot': this._subs.snapshot(m); break;
      case 'published': this._requests.published(m); break;
      case 'unsubscribed':
        // without id: a topic the server ended on its own (a pattern's unsubscribe ends its topics)
        if (m.id == null && m.pattern == null && typeof m.topic === 'string') this._subs.dropped(m);
        else this._requests.reply(m);
        break;
      case 'refreshed': this._requests.reply(m); break;
      case 'error': {
        const err = new LogcastError(m.code ?? 'internal', m.message ?? String(m.code), { requestId: m.id });
        if (this._requests.failed(m, err)) break;
        if (m.id == null && m.pattern != null) this._patterns.topicError(m, err);
        else this._answers.unclaimedError(m, err);
        break;
      }
      default: break; // pong, and types added later
    }
  }

  /** @internal the socket went away: reset everything that was tied to it. */
  _lost() {
    this._handshake.lost();
    this._tokens.lost();
    this._subs.lost();
    this._answers.lost();
    this._patterns.lost();
    this._requests.lost();
  }

  /** @internal stopped by the server or by an error: no reconnect until reconnect(). */
  _stop(error, code, reason) {
    this._fatal = error;
    this._shutdown(error);
    this._setState('closed', { code, reason, error });
  }

  /** Final state: no timers, pending requests rejected, iterators woken. Subscriptions stay for reconnect(). */
  _shutdown(error) {
    this._timers.clearAll();
    this._network.stop();
    this._requests.settleAll(error);
    this._store.save();
    this._subs.wakeAll(error);
    this._patterns.wakeAll(error);
  }

  // @internal what a Subscription calls on its client (subscription.js)
  _unsubscribe(sub) {
    return sub instanceof PatternSubscription ? this._patterns.remove(sub) : this._subs.remove(sub);
  }

  _processed() {
    this._acks.processed();
  }

  _duplicate(sub, m) {
    this.emit('duplicate', m, sub);
  }

  /** @internal */
  _setState(state, detail) {
    this.state = state;
    if (state === 'connected') this._connected = detail;
    this.emit(state, detail);
    this.emit('state', state, detail);
  }
}
