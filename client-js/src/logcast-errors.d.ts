// Declarations of @logcast/client, re-exported by logcast.d.ts: LogcastError, the error of every failed call.

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
