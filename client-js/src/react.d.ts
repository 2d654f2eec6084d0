// Type declarations for @logcast/client/react (React is a peer dependency).
import type {
  ConnectionState, From, Gap, HistoryOptions, Json, Logcast, LogcastError, Message, Position, Subscription,
  DefaultTopics, TopicData, TopicMap, TopicName,
} from './logcast.js';

/** "idle" without a client or with `enabled: false`, else the subscription's state. */
export type SubscriptionStatus = 'idle' | 'pending' | 'active' | 'closed' | 'failed';

export interface UseSubscriptionOptions<T = Json, S = undefined> {
  /** Only records with exactly this key. */
  key?: string;
  /** default "latest"; a change subscribes anew */
  from?: From;
  /** false: no subscription (status "idle"). Default true. */
  enabled?: boolean;
  /** How many of the latest messages `messages` keeps (default 100; 0: none, `last` only). */
  keep?: number;
  /** Folds every message into `state` (the latest function given is used). */
  reduce?: (state: S, message: Message<T>) => S;
  /** The state before the first message (with `reduce`). */
  initial?: S;
  /** Called for every message, before the re-render. */
  onMessage?: (message: Message<T>) => void;
  onGap?: (gap: Gap) => void;
}

export interface SubscriptionResult<T = Json, S = undefined> {
  /** the latest `keep` messages, oldest first */
  messages: Message<T>[];
  last: Message<T> | null;
  /** the fold of every message (`reduce`), else undefined */
  state: S;
  status: SubscriptionStatus;
  /** why the subscription failed (also a subscribe that threw: duplicate) */
  error: LogcastError | Error | null;
  /** the client's connection state */
  connection: ConnectionState | 'idle';
  subscription: Subscription<T> | null;
  /** with `from: "snapshot"`: whether the snapshot is complete (each (re)start empties `messages` and `state`) */
  snapshot: SnapshotStatus;
}

export interface UseLatestByKeyOptions {
  /** only this key */
  key?: string;
  /** default "snapshot" (the latest record of every key, then live); a change subscribes anew */
  from?: From;
  /**
   * When a snapshot is refused with bad_request (topic not compacted, snapshots off on the gateway,
   * SSE) or forbidden (snapshots off for the topic): subscribe from here instead (default
   * "earliest": every retained record); null: no fallback (status "failed").
   */
  fallback?: 'earliest' | 'latest' | null;
  enabled?: boolean;
}

/** "loading": a snapshot is being received (the map is partial); "ready": complete; "none": no snapshot. */
export type SnapshotStatus = 'loading' | 'ready' | 'none';

export interface LatestByKeyResult<T = Json> {
  /** record key (null for records without one) → its latest message; tombstones (data null) delete */
  byKey: Map<string | null, Message<T>>;
  status: SubscriptionStatus;
  snapshot: SnapshotStatus;
  /** the refusal of the snapshot when the hook fell back (see `fallback`) */
  snapshotError: LogcastError | null;
  error: LogcastError | Error | null;
  connection: ConnectionState | 'idle';
  subscription: Subscription<T> | null;
}

export interface UseHistoryOptions extends Omit<HistoryOptions, 'cursor' | 'signal'> {
  /** false: no request. Default true. */
  enabled?: boolean;
}

export interface HistoryResult<T = Json> {
  /** every page's messages, in page order (newest first backward) */
  messages: Message<T>[];
  gaps: Gap[];
  loading: boolean;
  error: LogcastError | Error | null;
  /** a next page exists */
  hasMore: boolean;
  /** Loads the next page (or retries a failed one); false when there is none or one is loading. */
  loadMore(): boolean;
  /** the first page's position: after a first backward page, a subscription `from` that continues live */
  position: Position | null;
  epoch: string | null;
  /** pages loaded */
  pages: number;
}

export declare function useConnectionState(lc: Logcast<any> | null | undefined): ConnectionState | 'idle';

export declare function useSubscription<M extends TopicMap = DefaultTopics, K extends TopicName<M> = TopicName<M>, S = undefined>(
  lc: Logcast<M> | null | undefined, topic: K, options?: UseSubscriptionOptions<TopicData<M, K>, S>,
): SubscriptionResult<TopicData<M, K>, S>;

export declare function useLatestByKey<M extends TopicMap = DefaultTopics, K extends TopicName<M> = TopicName<M>>(
  lc: Logcast<M> | null | undefined, topic: K, options?: UseLatestByKeyOptions,
): LatestByKeyResult<TopicData<M, K>>;

export declare function useHistory<M extends TopicMap = DefaultTopics, K extends TopicName<M> = TopicName<M>>(
  lc: Logcast<M> | null | undefined, topic: K, options?: UseHistoryOptions,
): HistoryResult<TopicData<M, K>>;
