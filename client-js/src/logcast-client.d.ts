// Declarations of @logcast/client, re-exported by logcast.d.ts: the Logcast client and its events.
import type {
  ConnectionState, DefaultTopics, PublishData, TopicData, TopicMap, TopicName, Transport,
} from './logcast-topics.js';
import type { Message, SubscribeOptions, Subscription } from './logcast-subscription.js';
import type { PatternData, PatternSubscribeOptions, PatternSubscription, TopicPattern } from './logcast-pattern.js';
import type { HistoryOptions, HistoryPage, PublishOptions, Published } from './logcast-calls.js';
import type { LogcastOptions } from './logcast-options.js';
import type { LogcastError } from './logcast-errors.js';

export interface SessionInfo {
  /** null over SSE (no session: the positions in the stream request are the resume) */
  id: string | null;
  /** the gateway instance that holds the session; null over SSE */
  node: string | null;
  resumed: boolean;
  /** why a requested resume failed: "unknown", "principal", "unavailable", … */
  reason: string | null;
}

export interface ConnectingEvent {
  attempt: number;
  /** a resume will be asked for */
  resume: boolean;
}

export interface ConnectedEvent {
  /** null over SSE */
  node: string | null;
  /** null over SSE */
  session: string | null;
  /** always false over SSE: every subscription starts again from its own position */
  resumed: boolean;
  reason: string | null;
  /** a resume was asked for (resumed false + resumeRequested true: the old session was lost) */
  resumeRequested: boolean;
  /** 0 over SSE (no watchdog: EventSource hides the server's `: ping` comments) */
  heartbeat: number;
  transport: Transport;
}

export interface FallbackEvent {
  /** the transport that failed `fallbackAfter` times in a row before connecting */
  from: Transport;
  /** the transport of the next attempt */
  to: Transport;
  code: number;
}

export interface DisconnectedEvent {
  /** close code; 1006 for a dropped or dead connection; null when getToken failed */
  code: number | null;
  reason: string;
  attempt: number;
  /** ms until the next attempt */
  delay: number;
  retryAt: number;
}

export interface ClosedEvent {
  code: number | null;
  reason: string;
  /** null when closed by close() */
  error: LogcastError | null;
}

/** Any object the server sends. */
export interface ServerObject {
  type: string;
  [field: string]: unknown;
}

export interface LogcastEvents {
  connecting: [ConnectingEvent];
  connected: [ConnectedEvent];
  disconnected: [DisconnectedEvent];
  closed: [ClosedEvent];
  state: [ConnectionState, ConnectingEvent | ConnectedEvent | DisconnectedEvent | ClosedEvent];
  /** errors not tied to a call: server errors with id null, bad frames, getToken failures */
  error: [LogcastError];
  /** every object received, for debugging (welcome carries the session secret) */
  frame: [ServerObject];
  duplicate: [Message, Subscription | PatternSubscription];
  /** the next attempts use another transport (see LogcastOptions.transports) */
  fallback: [FallbackEvent];
}

/**
 * The client. `Topics` maps topic names to their records' `data` type (see `TopicMap`); without it
 * any topic is allowed and `data` is `Json`.
 */
export declare class Logcast<Topics extends TopicMap = DefaultTopics> {
  /** @param url ws(s)://…, http(s)://… or a path such as "/ws" (default), resolved against the page */
  constructor(url?: string, options?: LogcastOptions);
  readonly url: string;
  readonly state: ConnectionState;
  readonly session: SessionInfo | null;
  /** the transport of the current connection, or of the attempt under way */
  readonly transport: Transport;
  /** the application's subscriptions; a pattern counts once (its topics are not listed) */
  readonly subscriptions: Array<Subscription | PatternSubscription>;
  /** Resolves once connected (at once when it is); rejects with the error when the client stops first. */
  ready(): Promise<ConnectedEvent>;
  /** @returns a function that removes the listener */
  on<E extends keyof LogcastEvents>(event: E, listener: (...args: LogcastEvents[E]) => void): () => void;
  off<E extends keyof LogcastEvents>(event: E, listener: (...args: LogcastEvents[E]) => void): void;
  connect(): void;
  /**
   * A topic pattern ("orders.*"): every matching topic, those created later included. Over SSE it
   * fails with bad_request. With a topic map, `data` is the union of the matching topics' types.
   */
  subscribe<P extends TopicPattern>(pattern: P, options?: PatternSubscribeOptions<PatternData<Topics, P>>):
    PatternSubscription<PatternData<Topics, P>>;
  /**
   * One subscription per (topic, key) (a second throws LogcastError "duplicate"); a whole-topic and
   * keyed subscriptions of the same topic coexist, each with its own positions. A topic a pattern
   * subscription covers too is shared with it: both get its messages.
   */
  subscribe<K extends TopicName<Topics>>(topic: K, options?: SubscribeOptions<TopicData<Topics, K>>):
    Subscription<TopicData<Topics, K>>;
  /** A pattern with the record type given explicitly (`subscribe<Order>("orders.*")`). */
  subscribe<T>(pattern: TopicPattern, options?: PatternSubscribeOptions<T>): PatternSubscription<T>;
  /** With the record type given explicitly (`subscribe<Order>("orders")`). */
  subscribe<T>(topic: TopicName<Topics>, options?: SubscribeOptions<T>): Subscription<T>;
  publish<K extends TopicName<Topics>>(topic: K, data: PublishData<Topics, K>, options?: PublishOptions): Promise<Published>;
  /**
   * One page of retained records over HTTP (`GET /v1/topics/{topic}/messages`), in any state of the
   * client, with its token. Rejects with a LogcastError (with the HTTP `status`; `reason: "epoch"`
   * when a cursor's topic was re-created), `disconnected` when no answer came, or the signal's reason.
   */
  history<K extends TopicName<Topics>>(topic: K, options?: HistoryOptions): Promise<HistoryPage<TopicData<Topics, K>>>;
  refreshToken(): Promise<void>;
  reconnect(options?: { fresh?: boolean }): void;
  close(): void;
}
