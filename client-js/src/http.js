// The gateway's plain HTTP side: where its endpoints are, one request with the token and the JSON
// error body read (publishing over SSE, docs/protocol.md section 10; history, history.js), and what a
// refused stream was refused for — EventSource only says "error", so the SDK asks the same URL once
// with fetch to read the status and the JSON error.
import { resolveUrl } from './connection.js';
import { LogcastError } from './errors.js';

/** The base of the HTTP endpoints: the `httpUrl` option, else the WebSocket URL's directory over http(s). */
export function httpBase(lc) {
  if (lc._o.httpUrl) return new URL(lc._o.httpUrl, globalThis.location?.href).href;
  const u = new URL('.', resolveUrl(lc.url)); // "/ws" → "/", "/logcast/ws" → "/logcast/"
  u.protocol = u.protocol === 'wss:' ? 'https:' : 'http:';
  return u.href;
}

export const streamEndpoint = (lc) => new URL('v1/stream', httpBase(lc)).href;

/** `v1/topics/{topic}/messages` against the HTTP base: publishing (POST) and history (GET). */
export function messagesEndpoint(lc, topic, query = {}) {
  const u = new URL(`v1/topics/${encodeURIComponent(topic)}/messages`, httpBase(lc));
  for (const [name, value] of Object.entries(query)) if (value != null) u.searchParams.set(name, String(value));
  return u.href;
}

/**
 * One request to the gateway's HTTP API with the token as `Authorization: Bearer`. Resolves with
 * `{ok, status, json}` (json null when the body is not JSON) for any HTTP answer; rejects only when
 * none came (network failure, or `signal` aborted: then with the abort reason, as fetch does).
 */
export async function requestJson(lc, url, { method = 'GET', token, headers = {}, body, signal } = {}) {
  if (typeof lc._fetch !== 'function') throw new TypeError('no fetch here: pass the fetch option');
  const h = { ...headers };
  if (body !== undefined) h['Content-Type'] = 'application/json';
  if (token != null) h.Authorization = `Bearer ${token}`;
  const init = { method, headers: h };
  if (body !== undefined) init.body = JSON.stringify(body);
  if (signal) init.signal = signal;
  const res = await lc._fetch(url, init);
  const json = await res.json().catch(() => null);
  return { ok: res.ok, status: res.status, json };
}

/** The LogcastError of an HTTP error answer: the body's code, message and reason, else by status. */
export function httpError(status, json) {
  return new LogcastError(json?.code ?? statusCode(status), json?.message ?? `HTTP ${status}`,
    { status, reason: typeof json?.reason === 'string' ? json.reason : undefined });
}

/**
 * POST /v1/topics/{topic}/messages for one publish frame. Resolves with the object to dispatch: a
 * `published` or an `error` carrying the frame's id. Rejects only when no answer came (network).
 */
export async function publishHttp(lc, frame, token) {
  const headers = {};
  if (frame.idempotencyKey) headers['Idempotency-Key'] = frame.idempotencyKey;
  const body = { data: frame.data };
  for (const f of ['key', 'headers', 'encoding']) if (frame[f] != null) body[f] = frame[f];
  const { ok, status, json } = await requestJson(lc, messagesEndpoint(lc, frame.topic), { method: 'POST', token, headers, body });
  if (ok) return { type: 'published', id: frame.id, topic: json?.topic ?? frame.topic, partition: json?.partition, offset: json?.offset };
  const err = httpError(status, json);
  return { type: 'error', id: frame.id, code: err.code, message: err.message };
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
    429: 'rate_limited', 503: 'unavailable' }[status] ?? 'internal';
}
