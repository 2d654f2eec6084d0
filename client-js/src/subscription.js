// One subscription as the application sees it: delivery (callback or async iterator), duplicate
// dropping and the processed positions that feed acks. The connection side (requests, resume)
// lives in registry.js and handshake.js.
import { Positions } from './positions.js';
import { reportLater } from './emitter.js';

/** A subscription's identity on a client: one per (topic, key). */
export const subKey = (topic, key) => JSON.stringify([topic, key ?? null]);

export class Subscription {
  /** @internal */
  constructor(client, topic, options, saved) {
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
    if (options.from && typeof options.from === 'object' && 'epoch' in options.from && !saved) {
      this._positions = new Positions(options.from.epoch, options.from.offsets ?? {});
    }
    this._live = false; // subscribed on the current connection
    this._started = false; // got a `subscribed` at least once
    this._buffer = []; // iterator mode: {msg|null, partition, next}
    this._waiter = null; // iterator mode: pending next() {resolve, reject}
    this._iterating = false;
  }

  /** The current position: what a resume would present. */
  position() {
    return this._positions.snapshot('next');
  }

  /** Stops delivery at once; resolves when the server confirmed (or at once when offline). */
  unsubscribe() {
    return this._client._unsubscribe(this);
  }

  /** @internal a `subscribed` for this subscription. */
  _subscribed(m) {
    const positional = this._started || this._positions.known;
    const authoritative = m.recovered === false && m.reason === 'future';
    const epochChanged = this._positions.start(m.epoch, m.offsets ?? {}, authoritative);
    this._started = true;
    this._live = true;
    this.state = 'active';
    const info = { topic: m.topic, key: m.key ?? null, epoch: m.epoch, recovered: m.recovered !== false,
      reason: m.reason ?? null, offsets: m.offsets ?? {}, restored: m.id == null, epochChanged };
    this._call('onSubscribed', info);
    // Only a start from a position can lose anything; `latest`/`earliest`/time are always "recovered".
    if (positional) this._call('onRecovered', info.recovered, info.reason, info);
  }

  /** @internal */
  _message(m) {
    if (!this._positions.accept(m.partition, m.offset)) {
      this.duplicates++;
      this._client._duplicate(this, m);
      return;
    }
    this._push(m, m.partition, m.offset + 1);
  }

  /** @internal */
  _gap(m) {
    if (!this._positions.passGap(m.partition, m.to)) return;
    this._call('onGap', { topic: m.topic, key: m.key ?? null, partition: m.partition, from: m.from, to: m.to,
      reason: m.reason });
    this._push(null, m.partition, m.to);
  }

  _push(msg, partition, next) {
    if (this._h.onMessage) {
      if (msg) this._call('onMessage', msg);
      this._done(partition, next);
      return;
    }
    this._buffer.push({ msg, partition, next });
    this._drain();
  }

  _done(partition, next) {
    this._positions.done(partition, next);
    this._client._processed(this);
  }

  /** Iterator mode: gap markers at the head only move the processed position. */
  _skipMarkers() {
    while (this._buffer.length && !this._buffer[0].msg) {
      const g = this._buffer.shift();
      this._done(g.partition, g.next);
    }
  }

  _drain() {
    this._skipMarkers();
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
    this.state = error ? 'failed' : 'closed';
    this.error = error ?? null;
    this._buffer = []; // delivery stops at once, also for messages an iterator has not pulled yet
    if (error) this._call('onError', error);
    this._wake();
  }

  /** @internal wake a pending iterator read after the subscription or the client ended. */
  _wake() {
    const w = this._waiter;
    this._waiter = null;
    w?.(null);
  }

  _call(name, ...args) {
    const fn = this._h[name];
    if (!fn) return;
    try {
      fn(...args);
    } catch (e) {
      reportLater(e);
    }
  }

  /**
   * Messages in order. A message counts as processed (and is acked) when the loop asks for the next
   * one, or leaves the loop: process it completely in the loop body.
   */
  [Symbol.asyncIterator]() {
    if (this._h.onMessage) throw new TypeError('this subscription delivers to onMessage; subscribe without it to iterate');
    if (this._iterating) throw new TypeError('a subscription can have one iterator at a time');
    this._iterating = true;
    let current = null;
    const finish = () => {
      if (current) this._done(current.partition, current.next);
      current = null;
    };
    const ended = () => this.state === 'closed' || this.state === 'failed' || this._client.state === 'closed';
    const it = {
      next: async () => {
        finish();
        this._skipMarkers();
        let ready = this._buffer[0];
        if (!ready && !ended()) ready = await new Promise((resolve) => { this._waiter = resolve; });
        if (!ready) {
          this._iterating = false;
          // a failed subscription, or a client stopped by the server, ends the loop with that error
          const err = this.error ?? this._client._fatal;
          if (err) throw err;
          return { done: true, value: undefined };
        }
        this._buffer.shift();
        current = ready;
        return { done: false, value: ready.msg };
      },
      return: async () => {
        finish();
        this._iterating = false;
        this._wake();
        return { done: true, value: undefined };
      },
      [Symbol.asyncIterator]() {
        return it;
      },
    };
    return it;
  }
}
