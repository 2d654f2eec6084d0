// Server-Sent Events requests (docs/protocol.md section 16): which subscriptions share a stream, and
// each stream's URL with its start position. The SDK builds the position (`lastEventId`) from its own
// received positions rather than replaying the browser's Last-Event-ID, so a stream reopened with
// another set of subscriptions starts every one exactly where the application is.

/** A stream position entry: `<epoch>.<next offset of partition 0>.<of partition 1>…`. */
export function positionEntry({ epoch, offsets = {} }) {
  const parts = Object.keys(offsets).map(Number).filter(Number.isInteger);
  const count = parts.length ? Math.max(...parts) + 1 : 0;
  const out = [epoch];
  // A partition the position does not name starts at its log start (position rules): offset 0 asks the same.
  for (let p = 0; p < count; p++) out.push(offsets[p] ?? 0);
  return out.join('.');
}

/** The SSE event id of a stream whose subscriptions (in URL order) are at `positions`: `1~<entry>~<entry>…`. */
export function eventId(positions) {
  return ['1', ...positions.map(positionEntry)].join('~');
}

/** A subscription's `from` as the stream's `from` parameter; null for a position. */
export function fromParam(from) {
  if (from === 'earliest' || from === 'latest') return from;
  if (from && typeof from === 'object') {
    if (from.epoch != null) return null;
    if (Number.isFinite(from.time)) return `time:${Math.floor(from.time)}`;
  }
  return 'latest';
}

/** `topic` or `topic/key`: the `sub` parameter (URLSearchParams percent-encodes it). */
export const subParam = (topic, key) => (key == null ? topic : `${topic}/${key}`);

/**
 * Groups subscriptions into streams. A stream either starts every subscription from a position (one
 * `lastEventId` entry each) or starts them all from the same `from`; a topic appears once per stream;
 * an `isolate`d subscription gets a stream of its own (to learn which one the server refuses).
 * @param {Array<{k: string, topic: string, key: string|null, start: unknown, isolate?: boolean}>} items
 *   `start`: the subscription's position `{epoch, offsets}`, or its `from`
 * @returns {Array<{sig: string, items: typeof items, from: string|null, lastEventId: string|null}>}
 */
export function planStreams(items) {
  const buckets = new Map(); // kind → streams (arrays of items), filled in order
  for (const it of items) {
    const from = fromParam(it.start);
    const kind = it.isolate ? `solo ${it.k}` : from == null ? 'position' : `from ${from}`;
    if (!buckets.has(kind)) buckets.set(kind, []);
    const streams = buckets.get(kind);
    let s = streams.find((g) => !g.some((x) => x.topic === it.topic));
    if (!s) streams.push((s = []));
    s.push(it);
  }
  const out = [];
  for (const [kind, streams] of buckets) {
    for (const s of streams) {
      const from = fromParam(s[0].start);
      out.push({
        sig: `${kind}|${s.map((x) => x.k).join('|')}`,
        items: s,
        from,
        lastEventId: from == null ? eventId(s.map((x) => x.start)) : null,
      });
    }
  }
  return out;
}

/** The stream's URL: `base?sub=…&sub=…&from=…|lastEventId=…&access_token=…`. */
export function streamUrl(base, stream, token) {
  const u = new URL(base);
  for (const it of stream.items) u.searchParams.append('sub', subParam(it.topic, it.key));
  if (stream.lastEventId != null) u.searchParams.set('lastEventId', stream.lastEventId);
  else if (stream.from !== 'latest') u.searchParams.set('from', stream.from);
  if (token != null) u.searchParams.set('access_token', token);
  return u.href;
}
