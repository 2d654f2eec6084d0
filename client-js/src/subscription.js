// One subscription as the application sees it: delivery (callbacks and events, or the async
// iterator), duplicate dropping and the processed positions that feed acks. The connection side
// (requests, resume) lives in registry.js, answers.js and handshake.js; the async iterator in
// iterator.js.
//
// Every callback option has its event: onMessage → "message", onGap → "gap", onRecovered →
// "recovered", onSubscribed → "subscribed", onError → "error"; "state" reports each change of
// `state`. The option is called first, then the listeners. A subscription delivers to callbacks once
// it has onMessage or a "message" listener, else to its iterator.
//
// `from: "snapshot"`: the server answers with `subscribed` (its offsets are the snapshot's cut),
// the latest record of every key (`snapshot: true`, not positioned: they neither move nor are
// checked against the positions, which start at the cut), a `snapshot` object once it is complete,
// then the live records from the cut. `_snapshot` follows it: "wanted" (the next subscribe asks for
// a snapshot), "requested" (asked), "loading" (records coming), "complete" (from now on positions,
// as any subscription). A snapshot that did not complete is asked again on the next connection
// (answers.js), and every start of one is the "snapshotStart" event: state built from an earlier,
// partial one is to be dropped. With an iterator, the snapshot events wait for the records before
// them to be processed.
import { Positions } from './positions.js';
import { Emitter, reportLater } from './emitter.js';
import { LogcastError } from './errors.js';
import { iterate, skipMarkers } from './iterator.js';

/** Callback option → event name. */
const EVENTS = { onMessage: 'message', onGap: 'gap', onRecovered: 'recovered', onSubscribed: 'subscribed',
  onError: 'error', onSnapshotStart: 'snapshotStart', onSnapshot: 'snapshot' };

/** A subscription's identity on a client: one per (topic, key). */
export const subKey = (topic, key) => JSON.stringify([topic, key ?? null]);

export class Subscription extends Emitter {
  /** Callback option → event name (a pattern subscription adds its own). */
  static EVENTS = EVENTS;

  /** @internal */
  constructor(client, topic, options, saved) {
    super();
    this.topic = topic;
    this.key = options.key ?? null;
    this.from = options.from ?? 'latest';
    /** 'pending' until the first `subscribed`, then 'active'; 'closed' or 'failed' at the end. */
    this.state = 'pending';
    /** Messages dropped because they were already received. */
    this.duplicates = 0;
    /** @type {Error|null} */
    this.error = null;
    this._client = client;
    this._h = options;
    this._positions = saved ? new Positions(saved.epoch, saved.offsets) : new Positions();
    /** null, or where the snapshot of a `from: "snapshot"` subscription is: wanted, requested, loading, complete */
    this._snapshot = this.from === 'snapshot' ? 'wanted' : null;
    this._snapshots = 0; // snapshots started
    if (options.from && typeof options.from === 'object' && 'epoch' in options.from && !saved) {
      this._positions = new Positions(options.from.epoch, options.from.offsets ?? {});
    }
    this._live = false; // subscribed on the current connection
    this._sharers = new Set(); // holding a server subscription: the others that share it (registry.js)
    this._holder = null; // sharing one: the subscription that holds it
    this._started = false; // got a `subscribed` at least once
    this._buffer = []; // iterator mode: {msg|null, partition, next, owner} or an event {call: [name, arg]}
    this._pulled = false; // iterator mode: a message is out with the loop body
    this._waiter = null; // iterator mode: pending next() {resolve, reject}
    this._iterating = false;
    this._callbacks = !!options.onMessage; // delivers to onMessage / "message" listeners, not the iterator
    this._info = null; // the last `subscribed`, for ready()
    this._ready = null; // ready(): {promise, resolve, reject}, made on the first call
  }

  /**
   * Adds a listener (returns a function that removes it). Events: `message`, `gap`, `recovered`,
   * `subscribed`, `error`, `state`, with the arguments of the matching callback options. A `message`
   * listener makes the subscription deliver to callbacks for good (not to an iterator); records that
   * were waiting for an iterator go to it at once.
   */
  on(event, fn) {
    if (event === 'message' && !this._callbacks) {
      if (this._iterating) throw new TypeError('this subscription is being iterated; a "message" listener cannot be added');
      this._callbacks = true;
      const off = super.on(event, fn);
      const waiting = this._buffer;
      this._buffer = [];
      for (const b of waiting) {
        if (b.call) this._call(...b.call);
        else this._push(b.msg, b.partition, b.next, b.owner);
      }
      return off;
    }
    return super.on(event, fn);
  }

  /**
   * Resolves with the `subscribed` info once the server confirmed the subscription (at once if it
   * already did); rejects with the LogcastError when it is refused (forbidden, not_found, …), or when
   * it is unsubscribed or the client stops before that.
   */
  ready() {
    if (this._info) return Promise.resolve(this._info);
    if (this.state === 'failed' || this.state === 'closed') return Promise.reject(this._endError());
    if (this._client.state === 'closed') {
      return Promise.reject(this._client._fatal ?? new LogcastError('closed', 'the client is closed'));
    }
    if (!this._ready) {
      let resolve;
      let reject;
      const promise = new Promise((res, rej) => { resolve = res; reject = rej; });
      this._ready = { promise, resolve, reject };
    }
    return this._ready.promise;
  }

  _settleReady(error, info) {
    const r = this._ready;
    this._ready = null;
    if (error) r?.reject(error);
    else r?.resolve(info);
  }

  _endError() {
    return this.error ?? new LogcastError('closed', `the subscription to '${this.topic}' was closed before it was confirmed`);
  }

  /** The current position: what a resume would present. */
  position() {
    return this._positions.snapshot('next');
  }

  /** Stops delivery at once; resolves when the server confirmed (or at once when offline). */
  unsubscribe() {
    return this._client._unsubscribe(this);
  }

  /**
   * @internal a `subscribed` for this subscription. `restored`: the server restored it (no request
   * of ours), by default when the `subscribed` has no id.
   */
  _subscribed(m, restored = m.id == null) {
    const snapshot = this._snapshot === 'requested'; // the answer to a `from: "snapshot"` subscribe
    const positional = !snapshot && (this._started || this._positions.known);
    const authoritative = m.recovered === false && m.reason === 'future';
    const epochChanged = snapshot ? this._positions.restart(m.epoch, m.offsets ?? {})
      : this._positions.start(m.epoch, m.offsets ?? {}, authoritative);
    this._started = true;
    this._live = true;
    const info = { topic: m.topic, key: m.key ?? null, epoch: m.epoch, recovered: m.recovered !== false,
      reason: m.reason ?? null, offsets: m.offsets ?? {}, restored, epochChanged };
    this._info = info;
    this._setState('active');
    this._call('onSubscribed', info);
    this._settleReady(null, info);
    // Only a start from a position can lose anything; `latest`/`earliest`/time are always "recovered".
    if (positional) this._call('onRecovered', info.recovered, info.reason, info);
    if (snapshot) this._startSnapshot(info);
  }

  /** A snapshot begins (again): what an iterator has not pulled yet belongs to the one it replaces. */
  _startSnapshot(info) {
    this._snapshot = 'loading';
    const restart = this._snapshots++ > 0;
    if (restart) this._buffer = [];
    this._mark('onSnapshotStart', { topic: info.topic, key: info.key, epoch: info.epoch, offsets: info.offsets, restart });
  }

  /** @internal a record of the snapshot (`snapshot: true`): delivered, not positioned, not acked. */
  _snapshotMessage(m) {
    if (this._snapshot === 'loading') this._push(m, null, null);
  }

  /** @internal the `snapshot` object: the snapshot is complete; from here on, live records from the cut. */
  _snapshotDone(m) {
    if (this._snapshot !== 'loading') return;
    this._snapshot = 'complete';
    this._mark('onSnapshot', { topic: m.topic, key: m.key ?? null, count: m.count, offsets: m.offsets ?? {} });
  }

  /**
   * An event in the order of delivery: at once for callbacks; an iterator gets it once the records
   * before it were processed.
   */
  _mark(name, arg) {
    if (this._callbacks) {
      this._call(name, arg);
      return;
    }
    this._buffer.push({ msg: null, call: [name, arg] });
    this._drain();
  }

  /** @internal */
  _message(m) {
    if (!this._positions.accept(m.partition, m.offset)) {
      this._dropped(m);
      return;
    }
    this._push(m, m.partition, m.offset + 1);
  }

  /** @internal a message at or below what was already received. */
  _dropped(m) {
    this.duplicates++;
    this._client._duplicate(this, m);
  }

  /** @internal */
  _gap(m) {
    if (!this._positions.passGap(m.partition, m.to)) return;
    this._call('onGap', { topic: m.topic, key: m.key ?? null, partition: m.partition, from: m.from, to: m.to,
      reason: m.reason });
    this._push(null, m.partition, m.to);
  }

  /**
   * Hands a message (or a gap marker, `msg` null) to the application. `owner` is the subscription
   * whose position it moves once processed: this one, or a topic of a pattern subscription.
   */
  _push(msg, partition, next, owner = this) {
    if (this._callbacks) {
      if (msg) this._call('onMessage', msg);
      this._done(partition, next, owner);
      return;
    }
    this._buffer.push({ msg, partition, next, owner });
    this._drain();
  }

  _done(partition, next, owner = this) {
    if (partition == null) return; // a snapshot record: positions start at the cut
    owner._positions.done(partition, next);
    this._client._processed(owner);
  }

  _drain() {
    skipMarkers(this);
    if (this._waiter && this._buffer.length) {
      const w = this._waiter;
      this._waiter = null;
      w(this._buffer[0]);
    }
  }

  /** @internal the subscription ended: `error` set means it failed. */
  _end(error) {
    if (this.state === 'closed' || this.state === 'failed') return;
    this._live = false;
    this.error = error ?? null;
    this._buffer = []; // delivery stops at once, also for messages an iterator has not pulled yet
    this._setState(error ? 'failed' : 'closed');
    if (error) this._call('onError', error);
    this._settleReady(this._endError());
    this._wake();
  }

  /** @internal wake a pending iterator read after the subscription or the client ended. */
  _wake() {
    const w = this._waiter;
    this._waiter = null;
    w?.(null);
  }

  /** @internal the client stopped (`error`): a pending ready() fails with it; the iterator ends. */
  _clientStopped(error) {
    this._settleReady(error);
    this._wake();
  }

  _setState(state) {
    if (this.state === state) return;
    this.state = state;
    this.emit('state', state);
  }

  /** The callback option `name`, then the listeners of its event. */
  _call(name, ...args) {
    const fn = this._h[name];
    if (fn) {
      try {
        fn(...args);
      } catch (e) {
        reportLater(e);
      }
    }
    this.emit(this.constructor.EVENTS[name], ...args);
  }

  /**
   * Messages in order. A message counts as processed (and is acked) when the loop asks for the next
   * one, or leaves the loop: process it completely in the loop body.
   */
  [Symbol.asyncIterator]() {
    return iterate(this);
  }
}
