// A topic pattern subscription (`lc.subscribe("orders.*")`) as the application sees it: one
// Subscription-like object (callbacks and events, ready(), async iteration, unsubscribe()) over one
// concrete-topic subscription per matching topic. Those are `Member`s: ordinary subscriptions to
// the registry (requests, positions, de-duplication, acks, persistence, resume, all per topic) that
// hand their messages and events to the pattern instead of delivering them themselves. The
// requests of the pattern itself live in patterns.js.
//
// Events and callbacks are those of a Subscription, plus `topic` (onTopic(topic)): the pattern
// covers one more topic, and `topicError` (onTopicError(error, topic)): one topic could not be
// subscribed or was dropped (the pattern carries on). `subscribed` (onSubscribed) comes once per
// topic subscription, with that topic's SubscribedInfo; ready() resolves with the pattern's reply.
import { Subscription } from './subscription.js';
import { LogcastError } from './errors.js';

/** Topic names never hold a `*`: a subscribe target with one is a pattern. */
export const isPattern = (target) => typeof target === 'string' && target.includes('*');

/** The server's pattern grammar: topic-name characters, at least one `*` (any run of characters). */
const GLOB = /^[a-zA-Z0-9._*-]*\*[a-zA-Z0-9._*-]*$/;

/** A test of topic names against `glob` (`*`: any run of characters, possibly none). */
export function globMatcher(glob) {
  const re = new RegExp(`^${glob.split('*').map((part) => part.replace(/[.\-]/g, '\\$&')).join('.*')}$`);
  return (topic) => re.test(topic);
}

export class PatternSubscription extends Subscription {
  static EVENTS = { ...Subscription.EVENTS, onTopic: 'topic', onTopicError: 'topicError' };

  /** @internal */
  constructor(client, glob, options) {
    if (!GLOB.test(glob)) {
      throw new TypeError(`pattern '${glob}' must be characters of [a-zA-Z0-9._-] with at least one '*'`);
    }
    const from = options.from ?? 'latest';
    if (!(from === 'latest' || from === 'earliest' || (typeof from === 'object' && Number.isFinite(from.time)))) {
      throw new TypeError('a pattern subscription starts at "latest", "earliest" or {time}; ' +
        'each topic it covers then resumes from its own position');
    }
    super(client, glob, options, null);
    /** The pattern, as given (`topic` holds it too). */
    this.pattern = glob;
    this._matches = globMatcher(glob);
    this._topics = new Set(); // every topic covered, in the order they came
    this._members = new Map(); // topic → Member: its subscription on this connection
    this._pending = null; // id of our subscribe in flight
  }

  /** The topics the pattern covers now, sorted. */
  get topics() {
    return [...this._topics].sort();
  }

  /** The received position of each topic: what a resume presents for it. */
  positions() {
    const out = {};
    for (const [topic, m] of this._members) if (m._positions.known) out[topic] = m.position();
    return out;
  }

  /** A pattern has a position per topic: see positions(). */
  position() {
    throw new TypeError('a pattern subscription has a position per topic: use positions()');
  }

  /** True when `topic` with `key` is one this pattern takes. */
  _covers(topic, key) {
    return (key ?? null) === this.key && this._matches(topic);
  }

  /** @internal the server's reply to our subscribe: `{pattern, key?, topics}`. */
  _confirmed(m) {
    this._started = true;
    this._live = true;
    const info = { pattern: this.pattern, key: this.key, topics: Array.isArray(m.topics) ? [...m.topics] : [] };
    for (const t of info.topics) this._addTopic(t);
    this._info = info;
    this._setState('active');
    this._settleReady(null, info);
  }

  /** @internal */
  _addTopic(topic) {
    if (this._topics.has(topic)) return;
    this._topics.add(topic);
    this._call('onTopic', topic);
  }

  /** @internal `topic` is not covered any more: refused, or dropped by the server. */
  _topicFailed(topic, error) {
    this._topics.delete(topic);
    this._call('onTopicError', error, topic);
  }

  /** @internal a topic's member ended (error: it failed, the pattern carries on without it). */
  _memberEnded(member, error) {
    if (this._members.get(member.topic) === member) this._members.delete(member.topic);
    if (error) this._topicFailed(member.topic, error);
  }

  _dropped(m) {
    this.duplicates++;
    this._client._duplicate(this, m);
  }

  _endError() {
    return this.error ?? new LogcastError('closed', `the subscription to pattern '${this.pattern}' was closed before it was confirmed`);
  }
}

/**
 * One topic of a pattern subscription: a subscription in the registry like any other, whose
 * messages (and their processed positions), gaps and events go to its pattern.
 */
export class Member extends Subscription {
  /** @internal */
  constructor(pattern, topic, saved) {
    super(pattern._client, topic, { key: pattern.key ?? undefined, from: 'earliest' }, saved);
    this._sink = pattern;
    this._member = true;
    this._callbacks = true; // never iterated itself
    pattern._members.set(topic, this);
  }

  _subscribed(m, restored) {
    super._subscribed(m, restored);
    this._sink._addTopic(this.topic);
  }

  _push(msg, partition, next) {
    this._sink._push(msg, partition, next, this);
  }

  _dropped(m) {
    this._sink._dropped(m);
  }

  /** Events go to the pattern; a failure of this topic is the pattern's `topicError`, not its end. */
  _call(name, ...args) {
    if (name !== 'onError') this._sink._call(name, ...args);
  }

  _end(error) {
    if (this.state === 'closed' || this.state === 'failed') return;
    super._end(error);
    this._sink._memberEnded(this, error);
  }
}
