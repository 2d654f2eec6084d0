/** Every error the SDK produces: `code` is a server error code (`forbidden`, `unavailable`, …) or an
 * SDK one (`disconnected`, `closed`, `timeout`, `overlap`, `unauthorized`, `token_expired`, …). */
export class LogcastError extends Error {
  /** @param {string} code @param {string} message @param {{requestId?: number|null, closeCode?: number}} [more] */
  constructor(code, message, more = {}) {
    super(message);
    this.name = 'LogcastError';
    this.code = code;
    if (more.requestId != null) this.requestId = more.requestId;
    if (more.closeCode != null) this.closeCode = more.closeCode;
  }
}
