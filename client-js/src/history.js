// History: pages of a topic's (or one key's) retained records over HTTP,
// `GET /v1/topics/{topic}/messages` (docs/protocol.md). Independent of the socket: it works in any
// state of the client, with the same base URL, token and error codes as HTTP publishing (http.js).
//
// A page is `{topic, key, epoch, direction, messages, gaps, next, position}`: `next` is the cursor of
// the following page (null when there is nothing more in that direction; a page may hold fewer than
// `limit` records and still have one). The first backward page's `position` is where the log ended
// when it was read: subscribing `from` it continues live with nothing lost and nothing twice.
import { LogcastError } from './errors.js';
import { messagesEndpoint, requestJson, httpError } from './http.js';

const DIRECTIONS = new Set(['forward', 'backward']);

/** The query parameters of a history request, checked: `from` and `direction` never with `cursor`. */
export function historyQuery(options = {}) {
  const { key, from, limit, direction, cursor } = options;
  if (cursor != null) {
    if (typeof cursor !== 'string' || cursor === '') throw new TypeError('cursor must be the `next` string of a page');
    if (from != null || direction != null) {
      throw new TypeError('a cursor carries its direction and position: pass neither from nor direction with it');
    }
  }
  if (direction != null && !DIRECTIONS.has(direction)) throw new TypeError('direction must be "forward" or "backward"');
  if (limit != null && !(Number.isInteger(limit) && limit > 0)) throw new TypeError('limit must be a positive integer');
  if (key != null && typeof key !== 'string') throw new TypeError('key must be a string');
  return { key, from: fromParam(from), limit, direction, cursor };
}

/** `from` as the endpoint takes it: `earliest`, `latest` or `time:<epoch ms>`. */
function fromParam(from) {
  if (from == null || from === 'earliest' || from === 'latest') return from;
  if (typeof from === 'object' && Number.isInteger(from.time) && from.time >= 0) return `time:${from.time}`;
  if (from instanceof Date && !Number.isNaN(from.getTime())) return `time:${from.getTime()}`;
  throw new TypeError('history from must be "earliest", "latest", {time: <epoch ms>} or a Date');
}

/**
 * One page of history. With `getToken`, uses the token of the current connection (or asks
 * getToken for one when there is none yet); a 401 asks getToken once more (`reason: "unauthorized"`)
 * and retries. Rejects with a LogcastError (`status` set for HTTP answers, `reason: "epoch"` for a
 * cursor of a deleted and re-created topic), `disconnected` when no answer came, or the abort reason.
 */
export async function history(lc, topic, options = {}) {
  if (typeof topic !== 'string' || topic === '') throw new TypeError('topic must be a non-empty string');
  const url = messagesEndpoint(lc, topic, historyQuery(options));
  const signal = options.signal;
  const tokens = lc._tokens;
  let token = tokens.current !== undefined ? tokens.current : tokens.renewable ? await tokens.fetch() : tokens.fixed;
  let answer = await get(lc, url, token, signal);
  if (answer.status === 401 && tokens.renewable) {
    signal?.throwIfAborted?.();
    token = await lc._o.getToken({ reason: 'unauthorized' });
    answer = await get(lc, url, token, signal);
  }
  const { ok, status, json } = answer;
  if (!ok) throw httpError(status, json);
  if (!json || !Array.isArray(json.messages)) {
    throw new LogcastError('bad_frame', `unexpected history answer from ${url} (HTTP ${status})`, { status });
  }
  return {
    ...json,
    topic: json.topic ?? topic,
    key: json.key ?? null,
    messages: json.messages,
    gaps: json.gaps ?? [],
    next: json.next ?? null,
    position: json.position ?? null,
    epoch: json.epoch ?? json.position?.epoch ?? null,
  };
}

async function get(lc, url, token, signal) {
  try {
    return await requestJson(lc, url, { token, signal });
  } catch (e) {
    if (signal?.aborted) throw signal.reason ?? e;
    if (e instanceof TypeError && typeof lc._fetch !== 'function') throw e;
    throw new LogcastError('disconnected', `the history request got no answer (${e?.message ?? e})`);
  }
}
