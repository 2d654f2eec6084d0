// Type declarations for @logcast/client (protocol logcast.v1).

/** A JSON value, the default type of `Message.data`. */
export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

/**
 * Topic name → the type of its records' `data`, the type parameter of `Logcast`:
 * `new Logcast<{ orders: Order; prices: Price }>(url)` makes `subscribe("orders", …)` deliver
 * `Message<Order>`, `publish("orders", data)` take an `Order`, and other topic names an error.
 * The default, `DefaultTopics`, allows any topic with `Json` data (and any publish data).
 */
export type TopicMap = object;
/** Any topic name, `Json` data: what a `Logcast` without a topic map allows. */
export type DefaultTopics = Record<string, Json>;
/** The topic names a map allows: every string for an index signature (the default), else its keys. */
export type TopicName<M> = string extends keyof M ? string : Extract<keyof M, string>;
/** The `data` type of topic `K` under map `M` (`Json` when `M` does not name it). */
export type TopicData<M, K> = K extends keyof M ? M[K] : Json;
/** What `publish` takes for topic `K`: `unknown` without a topic map (as before), else the topic's type. */
export type PublishData<M, K> = [M] extends [DefaultTopics] ? ([DefaultTopics] extends [M] ? unknown : TopicData<M, K>)
  : TopicData<M, K>;

/** Per partition (decimal string), the NEXT offset: last processed offset + 1. */
export type Offsets = Record<string, number>;

/** A position in a topic: offsets only mean something together with the topic's epoch. */
export interface Position {
  epoch: string;
  offsets: Offsets;
}

/**
 * Where a new subscription starts. "snapshot": the latest record of every key (of a compacted topic
 * the gateway keeps a view of), then live from where the snapshot ends (WebSocket only).
 */
export type From = 'latest' | 'earliest' | 'snapshot' | { time: number } | Position;

export type ConnectionState = 'idle' | 'connecting' | 'connected' | 'disconnected' | 'closed';

/**
 * How the client talks to the gateway: a WebSocket (logcast.v1), or Server-Sent Events streams
 * (`GET /v1/stream`, receive-only; publish goes through `POST /v1/topics/{topic}/messages`).
 */
export type Transport = 'websocket' | 'sse';

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

export interface PublishOptions {
  key?: string;
  headers?: Record<string, string>;
  /** Written at most once per key within the server's window; `true` generates a random key. */
  idempotencyKey?: string | true;
  /** With a string `data`: store the base64-decoded bytes. */
  encoding?: 'base64';
  /** Overrides LogcastOptions.publishTimeoutMs for this call. */
  timeoutMs?: number;
}

/** `lc.history(topic, options)`: one page of retained records over HTTP. */
export interface HistoryOptions {
  /** Only records with exactly this key. */
  key?: string;
  /**
   * Where the first page starts: "earliest" (the default forward), "latest" (the default backward),
   * `{time}` or a Date (the first record at or after it). Not with `cursor`.
   */
  from?: 'earliest' | 'latest' | { time: number } | Date;
  /** 1–1000 records per page (default 100); a page may hold fewer and still have a `next`. */
  limit?: number;
  /** "forward" (default, oldest first) or "backward" (newest first). Not with `cursor`. */
  direction?: 'forward' | 'backward';
  /** The `next` of a previous page: the page after it, in its direction. */
  cursor?: string;
  /** Aborts the request; the promise then rejects with the signal's reason. */
  signal?: AbortSignal;
}

export interface HistoryPage<T = Json> {
  topic: string;
  key: string | null;
  /** the topic's epoch */
  epoch: string;
  direction: 'forward' | 'backward';
  /** message objects exactly as on the socket, in `direction` order */
  messages: Message<T>[];
  /** ranges that could not be read (deleted by retention), as on the socket */
  gaps: Gap[];
  /** the cursor of the following page; null when there is nothing more in this direction */
  next: string | null;
  /**
   * For a first backward page: where the log ended when it was read. As a subscription's `from` it
   * continues live with nothing lost and nothing twice.
   */
  position: Position | null;
}

export interface Published {
  topic: string;
  partition: number;
  offset: number;
}

export interface TokenContext {
  /** connect: any (re)connect; expired: after close 4010; unauthorized: after 4001; refresh: before expiry */
  reason: 'connect' | 'expired' | 'unauthorized' | 'refresh';
}

export interface BackoffOptions {
  /** first retry waits up to this (default 500) */
  baseMs: number;
  /** cap (default 15000) */
  maxMs: number;
  /** after 1013/4008 (default 5000); the wait is at least half of it */
  slowBaseMs: number;
  /** cap after 1013/4008 (default 60000) */
  slowMaxMs: number;
  /** a connection up this long resets the attempt count (default 5000) */
  resetAfterMs: number;
}

/** For tests: the timers the client uses. */
export interface Clock {
  now(): number;
  setTimeout(fn: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

/** The part of the browser EventSource the client uses. */
export interface EventSourceLike {
  readonly readyState: number;
  close(): void;
  onopen: ((ev: unknown) => void) | null;
  onmessage: ((ev: { data: string }) => void) | null;
  onerror: ((ev: unknown) => void) | null;
}

/** The part of the browser WebSocket the client uses. */
export interface WebSocketLike {
  readonly readyState: number;
  send(data: string): void;
  close(code?: number, reason?: string): void;
  onopen: ((ev: unknown) => void) | null;
  onmessage: ((ev: { data: unknown }) => void) | null;
  onclose: ((ev: { code: number; reason: string }) => void) | null;
  onerror: ((ev: unknown) => void) | null;
}

export interface LogcastOptions {
  /** A fixed bearer token (JWT). Without getToken, a refused token (4001/4010) stops the client. */
  token?: string | null;
  /** Called before every connection attempt and before expiry; may return a cached token. */
  getToken?: (context: TokenContext) => string | null | Promise<string | null>;
  /** Keep session and processed positions in sessionStorage (true: key "logcast") so a reload resumes. */
  persist?: boolean | string;
  /** Storage for `persist` (default sessionStorage). */
  storage?: { getItem(key: string): string | null; setItem(key: string, value: string): void };
  /** Acks are sent in batches at most this often (default 1000). */
  ackIntervalMs?: number;
  /** Watchdog interval; default the server's `welcome.heartbeat`; 0 turns the watchdog off. */
  heartbeatMs?: number;
  /** Open + welcome must complete within this (default 10000). */
  connectTimeoutMs?: number;
  /** After a resume, how long to wait for restored subscriptions before subscribing again (default 3000). */
  restoreGraceMs?: number;
  /** A publish without reply is rejected with code "timeout" after this (default 30000). */
  publishTimeoutMs?: number;
  /** Refresh a JWT from getToken this long before its exp (default 30000). */
  refreshMarginMs?: number;
  backoff?: Partial<BackoffOptions>;
  /** default ["logcast.v1"] */
  protocols?: string | string[];
  /** default true; false: call connect() yourself */
  autoConnect?: boolean;
  /**
   * The transports to use, in order (default ["websocket", "sse"]). After `fallbackAfter` attempts in
   * a row that fail before the connection is up (refused, cut or timed out: 1005/1006/1015), the next
   * attempt uses the next transport, wrapping around; codes the server chose never switch it.
   * ["sse"] forces SSE, ["websocket"] turns the fallback off. Transports the runtime lacks are skipped.
   */
  transports?: Transport[];
  /** Failed attempts in a row before switching transport (default 2). */
  fallbackAfter?: number;
  /**
   * Base URL of the gateway's HTTP API for SSE streams and HTTP publishing (default: the WebSocket
   * URL's directory over http(s): "wss://gw/ws" → "https://gw/").
   */
  httpUrl?: string;
  /** SSE: send cookies with cross-origin streams (EventSource withCredentials). Default false. */
  withCredentials?: boolean;
  /**
   * default globalThis.WebSocket. Node 20 has none: pass the `ws` package's
   * (`import WebSocket from "ws"`; `new Logcast(url, { WebSocket })`).
   */
  WebSocket?: new (url: string, protocols?: string | string[]) => WebSocketLike;
  /** default globalThis.EventSource */
  EventSource?: new (url: string, init?: { withCredentials?: boolean }) => EventSourceLike;
  /** default globalThis.fetch: history, SSE publishing, and reading why a stream was refused */
  fetch?: (url: string, init?: { method?: string; headers?: Record<string, string>; body?: string; signal?: unknown })
    => Promise<{ ok: boolean; status: number; json(): Promise<unknown> }>;
  clock?: Clock;
  random?: () => number;
}

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

export declare class LogcastError extends Error {
  constructor(code: string, message: string,
    more?: { requestId?: number | null; closeCode?: number; status?: number; reason?: string });
  /**
   * A server error code (bad_request, unauthorized, forbidden, not_found, limit_exceeded,
   * rate_limited, unavailable, internal) or an SDK one (disconnected, closed, timeout, duplicate,
   * session_taken_over, token_expired, token, bad_frame, bad_url, no_token_source).
   */
  readonly code: string;
  readonly requestId?: number;
  readonly closeCode?: number;
  /** the HTTP status, for errors of HTTP calls (history) */
  readonly status?: number;
  /** the server's reason, when it gave one ("epoch": a cursor of a deleted and re-created topic) */
  readonly reason?: string;
}

/** Splits a server frame on "\n" into its objects; bad lines go to onBad. */
export declare function splitFrame(text: string, onBad?: (line: string, error: unknown) => void): ServerObject[];
/** Full jitter: uniform in [minMs, min(maxMs, baseMs * 2^attempt)). */
export declare function backoffDelay(
  attempt: number, params: { baseMs: number; maxMs: number; minMs?: number }, random?: () => number): number;
/** What the client does after a close code. */
export declare function closeAction(code: number): { action: 'stop' | 'auth' | 'slow' | 'retry'; reason?: string };
export declare function resolveUrl(url: string): string;
/** The exp of a JWT in ms, or null. */
export declare function jwtExpiry(token: string | null | undefined): number | null;
/** The query parameters of a history request, checked (throws TypeError); `from` as the server takes it. */
export declare function historyQuery(options?: HistoryOptions): {
  key?: string; from?: string; limit?: number; direction?: string; cursor?: string };

export declare const TRANSPORTS: readonly Transport[];
/** The fallback rule (exported for tests and tools). */
export declare class TransportChoice {
  constructor(list?: Transport[], fallbackAfter?: number, available?: (name: Transport) => boolean);
  readonly current: Transport;
  readonly list: Transport[];
  pick(): Transport | null;
  succeeded(): void;
  /** @returns true when the next attempt uses another transport */
  ended(code: number | null, established: boolean): boolean;
}
/** The SSE stream position `1~<epoch>.<o0>.<o1>…~…` of subscriptions (in URL order) at these positions. */
export declare function eventId(positions: Array<{ epoch: string; offsets: Offsets }>): string;
export interface StreamPlanItem {
  k: string;
  topic: string;
  key: string | null;
  /** a position, or the subscription's `from` */
  start: From;
  isolate?: boolean;
}
export interface StreamPlan {
  sig: string;
  items: StreamPlanItem[];
  /** the stream's `from`, null when it starts from `lastEventId` */
  from: string | null;
  lastEventId: string | null;
}
/** Which subscriptions share an SSE stream (positions together; new ones by `from`; a topic once per stream). */
export declare function planStreams(items: StreamPlanItem[]): StreamPlan[];
export declare function streamUrl(base: string, stream: StreamPlan, token?: string | null): string;

/** The position bookkeeping of one subscription (exported for tests and tools). */
export declare class Positions {
  constructor(epoch?: string | null, offsets?: Offsets);
  epoch: string | null;
  next: Offsets;
  processed: Offsets;
  acked: Offsets;
  readonly known: boolean;
  start(epoch: string, offsets?: Offsets, authoritative?: boolean): boolean;
  /** A snapshot's cut as the whole new start. */
  restart(epoch: string, offsets?: Offsets): boolean;
  accept(partition: number, offset: number): boolean;
  passGap(partition: number, to: number): boolean;
  done(partition: number, next: number): void;
  pendingAck(): Offsets | null;
  markAcked(offsets: Offsets): void;
  snapshot(which?: 'next' | 'processed'): { epoch: string | null; offsets: Offsets };
}
