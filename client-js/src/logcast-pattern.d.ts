// Declarations of @logcast/client, re-exported by logcast.d.ts: topic pattern subscriptions ("orders.*").
import type { Json, Position } from './logcast-topics.js';
import type { Message, SubscribeOptions, SubscriptionEvents } from './logcast-subscription.js';
import type { LogcastError } from './logcast-errors.js';

/**
 * A topic pattern: topic-name characters (`[a-zA-Z0-9._-]`) with at least one `*`, which matches
 * any run of characters ("orders.*", "*.eu").
 */
export type TopicPattern = `${string}*${string}`;
/** The topic names pattern `P` matches, as a template literal type: "orders.*" → `orders.${string}`. */
export type PatternTopics<P extends string> = P extends `${infer A}*${infer B}` ? `${A}${string}${PatternTopics<B>}` : P;
/** The `data` type of the topics of map `M` that pattern `P` matches (a union); `Json` when it names none. */
export type PatternData<M, P extends string> = [Extract<keyof M, PatternTopics<P>>] extends [never] ? Json
  : M[Extract<keyof M, PatternTopics<P>>];

/** The server's answer to a pattern subscribe, for `ready()`. */
export interface PatternInfo {
  pattern: string;
  key: string | null;
  /** the topics it matched then (those allowed by the gateway's topics.allow and the token) */
  topics: string[];
}

export interface PatternSubscribeOptions<T = Json>
  extends Omit<SubscribeOptions<T>, 'from' | 'onError' | 'onSnapshotStart' | 'onSnapshot'> {
  /**
   * Where the topics matched now start (default "latest"); no position: each topic keeps its own.
   * Topics created later start at their beginning (nothing in them is missed).
   */
  from?: 'latest' | 'earliest' | { time: number };
  /** The pattern covers one more topic: one of the first reply, or a topic created later (within ~15 s). */
  onTopic?(topic: string): void;
  /** One topic could not be subscribed, or was dropped (a refreshed token); the pattern carries on. */
  onTopicError?(error: LogcastError, topic: string): void;
  /** The pattern itself failed for good (forbidden, limit_exceeded, bad_request over SSE, …) and was removed. */
  onError?(error: LogcastError): void;
}

/** A pattern subscription's events: those of a subscription (`subscribed` once per topic), plus `topic` and `topicError`. */
export interface PatternSubscriptionEvents<T = Json> extends SubscriptionEvents<T> {
  topic: [string];
  topicError: [LogcastError, string];
}

/**
 * `lc.subscribe("orders.*")`: one subscription for every topic the pattern matches, those created
 * later included. Positions, de-duplication, acks, persistence and resume are per topic, as for
 * `subscribe(topic)`; messages of all its topics come through this one object (`m.topic` says which).
 */
export declare class PatternSubscription<T = Json> implements AsyncIterable<Message<T>> {
  private constructor();
  readonly pattern: string;
  /** the pattern too */
  readonly topic: string;
  readonly key: string | null;
  readonly from: 'latest' | 'earliest' | { time: number };
  /** pending until the server's reply; active; closed or failed at the end */
  readonly state: 'pending' | 'active' | 'closed' | 'failed';
  /** the topics it covers now, sorted */
  readonly topics: string[];
  /** messages dropped because they had already been received (all topics) */
  readonly duplicates: number;
  readonly error: LogcastError | null;
  /** What each topic has received so far. */
  positions(): Record<string, Position>;
  /** Unsubscribes the pattern and its topics (a topic also subscribed directly stays for that one). */
  unsubscribe(): Promise<void>;
  on<E extends keyof PatternSubscriptionEvents<T>>(event: E, listener: (...args: PatternSubscriptionEvents<T>[E]) => void): () => void;
  off<E extends keyof PatternSubscriptionEvents<T>>(event: E, listener: (...args: PatternSubscriptionEvents<T>[E]) => void): void;
  /** Resolves with the server's reply (the topics matched); rejects as Subscription.ready() does. */
  ready(): Promise<PatternInfo>;
  /** Messages of every topic, in order per topic and partition. */
  [Symbol.asyncIterator](): AsyncIterator<Message<T>, undefined>;
}
