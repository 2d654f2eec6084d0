// Declarations of @logcast/client, re-exported by logcast.d.ts: helpers exported for tests and tools (frames, backoff, SSE plans, positions).
import type { From, Offsets, Transport } from './logcast-topics.js';
import type { HistoryOptions } from './logcast-calls.js';
import type { ServerObject } from './logcast-client.js';

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
