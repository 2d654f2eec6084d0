// Declarations of @logcast/client, re-exported by logcast.d.ts: the client's options (tokens, backoff, transports, runtime parts).
import type { Transport } from './logcast-topics.js';

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
