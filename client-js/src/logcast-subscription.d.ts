// Declarations of @logcast/client, re-exported by logcast.d.ts: messages and subscriptions of one topic.
import type { From, Json, Offsets } from './logcast-topics.js';
import type { LogcastError } from './logcast-errors.js';

/** A record, as the server sends it. */
export interface Message<T = Json> {
  type: 'message';
  /** The record's topic: for a pattern subscription, the concrete topic it matched. */
  topic: string;
  /** The record key; absent when the record has none. */
  key?: string;
  partition: number;
  offset: number;
  /** ms since the epoch */
  timestamp: number;
  data: T;
  /** Present when `data` is base64 text of a value that is not UTF-8. */
  encoding?: 'base64';
  headers?: Record<string, string | null>;
  /**
   * Only when the client holds a whole-topic and a keyed subscription matching this record: which
   * of them it is delivered for ("both": written once for the two).
   */
  for?: 'both' | 'topic' | 'key';
  /**
   * A record of a snapshot (`from: "snapshot"`): the latest of its key, in no particular order; it
   * does not move the subscription's position and is not acked. Absent on live records.
   */
  snapshot?: true;
}

/** A snapshot (re)starts: drop what an earlier, partial snapshot built. */
export interface SnapshotStartInfo {
  topic: string;
  key: string | null;
  epoch: string;
  /** the snapshot's cut: where the live records continue, per partition */
  offsets: Offsets;
  /** false for the first snapshot of the subscription; true when one starts again */
  restart: boolean;
}

/** A snapshot is complete: live records from its cut follow. */
export interface SnapshotInfo {
  topic: string;
  key: string | null;
  /** records the snapshot held */
  count: number;
  /** the cut (as in SnapshotStartInfo) */
  offsets: Offsets;
}

/** A range of offsets that can never be delivered (deleted by retention). */
export interface Gap {
  topic: string;
  key: string | null;
  partition: number;
  /** first offset not delivered */
  from: number;
  /** exclusive end: delivery continues here */
  to: number;
  /** "retention", or a reason added later */
  reason: string;
}

/** A `subscribed` from the server, for onSubscribed and onRecovered. */
export interface SubscribedInfo {
  topic: string;
  key: string | null;
  epoch: string;
  /** false: records from the requested position may have been skipped (see reason). */
  recovered: boolean;
  /** null, "epoch", "retention", "future", or a reason added later */
  reason: string | null;
  /** the full start position, every partition */
  offsets: Offsets;
  /** true when the server restored it on resume (no request of ours) */
  restored: boolean;
  /** true when the topic was re-created since our last position: positions were reset */
  epochChanged: boolean;
}

export interface SubscribeOptions<T = Json> {
  /** Only records with exactly this key. Absent: every record of the topic. */
  key?: string;
  /** Start of a new subscription (default "latest"). A position persisted with `persist` wins over it. */
  from?: From;
  /**
   * Called once per record, in order per partition. The record counts as processed when this returns
   * (a returned promise is not awaited: use the async iterator to process asynchronously).
   * Without onMessage, iterate the subscription instead.
   */
  onMessage?(message: Message<T>): void;
  /** Records in [from, to) are gone for good; delivery continues at `to`. */
  onGap?(gap: Gap): void;
  /**
   * After every restart from a position (resume, re-subscribe, or a `from` position): whether
   * everything from that position on will be delivered. false → records may have been skipped.
   */
  onRecovered?(recovered: boolean, reason: string | null, info: SubscribedInfo): void;
  /** After every `subscribed`. */
  onSubscribed?(info: SubscribedInfo): void;
  /** The subscription failed for good (forbidden, not_found, …) and was removed. */
  onError?(error: LogcastError): void;
  /**
   * `from: "snapshot"`: a snapshot starts, after its `subscribed`, before its records; again when one
   * did not complete before the connection dropped (or the topic was re-created): reset state built
   * from the earlier one.
   */
  onSnapshotStart?(info: SnapshotStartInfo): void;
  /** `from: "snapshot"`: the snapshot is complete (after its last record); live records follow. */
  onSnapshot?(info: SnapshotInfo): void;
}

/** A subscription's events (`sub.on(event, listener)`): the callback options' arguments, and `state`. */
export interface SubscriptionEvents<T = Json> {
  message: [Message<T>];
  gap: [Gap];
  recovered: [boolean, string | null, SubscribedInfo];
  subscribed: [SubscribedInfo];
  error: [LogcastError];
  snapshotStart: [SnapshotStartInfo];
  snapshot: [SnapshotInfo];
  /** every change of `state` */
  state: ['pending' | 'active' | 'closed' | 'failed'];
}

export declare class Subscription<T = Json> implements AsyncIterable<Message<T>> {
  private constructor();
  readonly topic: string;
  readonly key: string | null;
  readonly from: From;
  readonly state: 'pending' | 'active' | 'closed' | 'failed';
  /** messages dropped because they had already been received */
  readonly duplicates: number;
  /** why the subscription failed */
  readonly error: LogcastError | null;
  /** What has been received so far; epoch null before the first `subscribed`. */
  position(): { epoch: string | null; offsets: Offsets };
  /** Stops delivery at once; resolves when the server confirmed, or at once when offline. */
  unsubscribe(): Promise<void>;
  /**
   * Adds a listener; returns a function that removes it. The matching callback option (onMessage,
   * onGap, …) is called first. A `message` listener makes the subscription deliver to callbacks for
   * good instead of an iterator (records already waiting for an iterator go to it at once).
   */
  on<E extends keyof SubscriptionEvents<T>>(event: E, listener: (...args: SubscriptionEvents<T>[E]) => void): () => void;
  off<E extends keyof SubscriptionEvents<T>>(event: E, listener: (...args: SubscriptionEvents<T>[E]) => void): void;
  /**
   * Resolves once the server confirmed the subscription (at once if it has); rejects with the
   * LogcastError when it is refused (forbidden, not_found, …), or with `closed` (or the error that
   * stopped the client) when it is unsubscribed or the client stops first.
   */
  ready(): Promise<SubscribedInfo>;
  /**
   * Messages in order. A message counts as processed (and is acked) when the loop asks for the next
   * one or leaves the loop. Ends when the subscription or the client is closed; throws the
   * LogcastError when the subscription failed or the server stopped the client.
   */
  [Symbol.asyncIterator](): AsyncIterator<Message<T>, undefined>;
}
