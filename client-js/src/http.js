// The gateway's plain HTTP side, used with the SSE transport: where its endpoints are, publishing
// (docs/protocol.md section 10), and what a refused stream was refused for — EventSource only says
// "error", so the SDK asks the same URL once with fetch to read the status and the JSON error.
import { resolveUrl } from './connection.js';

/** The base of the HTTP endpoints: the `httpUrl` option, else the WebSocket URL's directory over http(s). */
export function httpBase(lc) {
  if (lc._o.httpUrl) return new URL(lc._o.httpUrl, globalThis.location?.href).href;
  const u = new URL('.', resolveUrl(lc.url)); // "/ws" → "/", "/logcast/ws" → "/logcast/"
  u.protocol = u.protocol === 'wss:' ? 'https:' : 'http:';
  return u.href;
}

export const streamEndpoint = (lc) => new URL('v1/stream', httpBase(lc)).href;

/**
 * POST /v1/topics/{topic}/messages for one publish frame. Resolves with the object to dispatch: a
 * `published` or an `error` carrying the frame's id. Rejects only when no answer came (network).
 */
export async function publishHttp(lc, frame, token) {
  const url = new URL(`v1/topics/${encodeURIComponent(frame.topic)}/messages`, httpBase(lc)).href;
  const headers = { 'Content-Type': 'application/json' };
  if (token != null) headers.Authorization = `Bearer ${token}`;
  if (frame.idempotencyKey) headers['Idempotency-Key'] = frame.idempotencyKey;
  const body = { data: frame.data };
  for (const f of ['key', 'headers', 'encoding']) if (frame[f] != null) body[f] = frame[f];
  const res = await lc._fetch(url, { method: 'POST', headers, body: JSON.stringify(body) });
  const json = await res.json().catch(() => null);
  if (res.ok) return { type: 'published', id: frame.id, topic: json?.topic ?? frame.topic, partition: json?.partition, offset: json?.offset };
  return { type: 'error', id: frame.id, code: json?.code ?? statusCode(res.status), message: json?.message ?? `HTTP ${res.status}` };
}

/**
 * Why a stream that never opened was refused: `{status, code, message}`, status 0 when no HTTP answer
 * came (or fetch is missing), 200 when it would open now (the failure was transient).
 */
export async function probe(lc, url, timeoutMs = 5000) {
  if (typeof lc._fetch !== 'function') return { status: 0, code: null, message: 'no fetch to diagnose the stream' };
  const abort = typeof AbortController === 'function' ? new AbortController() : null;
  const timer = lc._clock.setTimeout(() => abort?.abort(), timeoutMs);
  try {
    const res = await lc._fetch(url, { headers: { Accept: 'text/event-stream' }, signal: abort?.signal });
    if (res.ok) {
      abort?.abort(); // a stream: we only wanted the status
      return { status: res.status, code: null, message: '' };
    }
    const json = await res.json().catch(() => null);
    return { status: res.status, code: json?.code ?? statusCode(res.status), message: json?.message ?? `HTTP ${res.status}` };
  } catch (e) {
    return { status: 0, code: null, message: String(e?.message ?? e) };
  } finally {
    lc._clock.clearTimeout(timer);
  }
}

/**
 * What a refused stream means, as the WebSocket would have said it: `{close: code}` for the whole
 * connection (401 like close 4001, 503 like 1013, …), or `{subscription: true}` when it is about a
 * subscription (a WebSocket subscribe would have got an `error`: 400, 403, 404, 413).
 */
export function refusal(status) {
  switch (status) {
    case 400: case 403: case 404: case 413: return { subscription: true };
    case 401: return { close: 4001 };
    case 429: return { close: 4008 };
    case 503: return { close: 1013 };
    case 500: return { close: 1011 };
    default: return { close: 1006 }; // no answer, or a proxy's: a transport failure
  }
}

function statusCode(status) {
  return { 400: 'bad_request', 401: 'unauthorized', 403: 'forbidden', 404: 'not_found', 413: 'limit_exceeded',
    503: 'unavailable' }[status] ?? 'internal';
}
