/** Every error the SDK produces: `code` is a server error code (`forbidden`, `unavailable`, …) or an
 * SDK one (`disconnected`, `closed`, `timeout`, `duplicate`, `unauthorized`, `token_expired`, …).
 * Errors of HTTP calls (history) also carry the HTTP `status`, and the server's `reason` when it gave one. */
export class LogcastError extends Error {
  /**
   * @param {string} code @param {string} message
   * @param {{requestId?: number|null, closeCode?: number, status?: number, reason?: string}} [more]
   */
  constructor(code, message, more = {}) {
    super(message);
    this.name = 'LogcastError';
    this.code = code;
    if (more.requestId != null) this.requestId = more.requestId;
    if (more.closeCode != null) this.closeCode = more.closeCode;
    if (more.status != null) this.status = more.status;
    if (more.reason != null) this.reason = more.reason;
  }
}
