// Declarations of @logcast/client, re-exported by logcast.d.ts: publish and history, their options and results.
import type { Json, Position } from './logcast-topics.js';
import type { Gap, Message } from './logcast-subscription.js';

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
