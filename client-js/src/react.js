// React hooks for @logcast/client (entry point "@logcast/client/react"; React is a peer dependency,
// never bundled). Each hook takes the Logcast client as its first argument (from your own context or
// module), so it works with any number of clients.
//
//   useSubscription(lc, topic, options)  the latest messages (or a fold of them) and the status
//   useLatestByKey(lc, topic, options)   Map key → latest message, tombstones (data null) delete;
//                                        from a snapshot (or, where refused, the earliest record)
//   useHistory(lc, topic, options)       pages of retained records over HTTP, loadMore()
//
// StrictMode-safe: every subscription or request belongs to one effect run and is undone by its
// cleanup (the SDK copes with subscribe, unsubscribe, subscribe on the same target). Updates made
// by a burst of messages (one frame holds many) are rendered once, on the next microtask.
import { useCallback, useEffect, useRef, useState, useSyncExternalStore } from 'react';

const noSubscribe = () => () => {};
const IDLE = 'idle';
/** Refusals of a snapshot that a fallback answers: snapshots off for the topic or gateway, topic not compacted. */
const FALLBACK_CODES = new Set(['bad_request', 'forbidden']);

/** The client's connection state, re-rendering on every change ("idle" without a client). */
export function useConnectionState(lc) {
  const subscribe = useCallback((notify) => (lc ? lc.on('state', notify) : () => {}), [lc]);
  return useSyncExternalStore(lc ? subscribe : noSubscribe, () => lc?.state ?? IDLE, () => lc?.state ?? IDLE);
}

/**
 * Subscribes while the component is mounted (and `lc`, `topic`, `key`, `from` and `enabled` stay
 * the same; a change subscribes anew and starts over). Returns `{messages, last, state, status,
 * error, connection, subscription}`: the latest `keep` (default 100) messages, oldest first; with
 * `reduce(state, message)` and `initial`, `state` is the fold of every message. `status` is the
 * subscription's state ("pending", "active", "closed", "failed"), or "idle" without a client or with
 * `enabled: false`; a refused subscribe (and a second one of the same topic and key on one client)
 * is status "failed" with `error`. `onMessage` and `onGap` are called as well (the latest ones given).
 * @param {import('./logcast.js').Logcast | null | undefined} lc
 * @param {string} topic
 * @param {import('./react.js').UseSubscriptionOptions} [options]
 */
export function useSubscription(lc, topic, options = {}) {
  return useFolded(lc, topic, options, {
    initial: () => (options.reduce ? options.initial : undefined),
    reduce: options.reduce, // the latest one given
    snapshot: (s) => s,
  });
}

/**
 * The latest message per record key of a topic (or of one key), folded client-side from a
 * subscription: a message whose `data` is null is a tombstone and deletes its key; records without
 * a key are kept under `null`. It subscribes `from: "snapshot"` unless told otherwise: the latest
 * record of every key, then live. A snapshot the gateway refuses with `bad_request` (topic not
 * compacted, snapshots off on the gateway, SSE transport) or `forbidden` (snapshots off for the
 * topic) falls back to `fallback` (default "earliest": every retained record; null: no fallback,
 * status "failed"), with the refusal in `snapshotError`. Every (re)start of a snapshot empties the
 * map. Returns `{byKey, status, snapshot, snapshotError, error, connection, subscription}`:
 * `snapshot` is "loading" until the snapshot is complete, then "ready" ("none" without one);
 * `byKey` is a new Map after every change.
 * @param {import('./logcast.js').Logcast | null | undefined} lc
 * @param {string} topic
 * @param {import('./react.js').UseLatestByKeyOptions} [options]
 */
export function useLatestByKey(lc, topic, options = {}) {
  const r = useFolded(lc, topic, { from: 'snapshot', fallback: 'earliest', ...options, keep: 0 }, {
    initial: () => new Map(),
    // the working map is changed in place; a render gets a copy, made once per burst of messages
    reduce: (map, m) => {
      if (m.data === null) map.delete(m.key ?? null);
      else map.set(m.key ?? null, m);
      return map;
    },
    snapshot: (map) => new Map(map),
  });
  return { byKey: r.state, status: r.status, snapshot: r.snapshot, snapshotError: r.snapshotError, error: r.error,
    connection: r.connection, subscription: r.subscription };
}

/**
 * The subscription behind both hooks: `fold` says how messages become the returned `state`. A
 * snapshot (re)start starts the fold over; `fallback`: the `from` to use when a snapshot is refused.
 */
function useFolded(lc, topic, options, fold) {
  const { key = null, from = 'latest', enabled = true, fallback = null } = options;
  const keep = options.keep ?? 100;
  const fromKey = JSON.stringify(from);
  const callbacks = useRef(options); // the latest onMessage and onGap
  callbacks.current = options;
  const folding = useRef(fold);
  folding.current = fold;
  const [snap, setSnap] = useState(() => idle(fold.snapshot(fold.initial())));
  const connection = useConnectionState(lc);

  useEffect(() => {
    if (!lc || !enabled) {
      setSnap(idle(fold.snapshot(fold.initial())));
      return undefined;
    }
    const f = folding.current;
    const cur = { messages: [], last: null, state: f.initial(), status: 'pending', error: null, subscription: null,
      snapshot: 'none', snapshotError: null };
    let live = true;
    let queued = false;
    const render = () => {
      queued = false;
      if (live) setSnap({ ...cur, messages: cur.messages.slice(), state: folding.current.snapshot(cur.state) });
    };
    const later = () => {
      if (!queued) {
        queued = true;
        queueMicrotask(render);
      }
    };
    let sub = null;
    const subscribe = (at) => {
      try {
        sub = lc.subscribe(topic, { ...(key != null && { key }), from: at });
      } catch (e) {
        sub = null;
        cur.subscription = null;
        cur.status = 'failed';
        cur.error = e;
        return;
      }
      listen(sub, at);
    };
    const listen = (s, at) => {
      cur.subscription = s;
      cur.snapshot = at === 'snapshot' ? 'loading' : 'none';
      s.on('snapshotStart', () => {
        cur.state = folding.current.initial(); // what a partial snapshot built goes
        cur.messages = [];
        cur.last = null;
        cur.snapshot = 'loading';
        later();
      });
      s.on('snapshot', () => {
        cur.snapshot = 'ready';
        later();
      });
      s.on('message', (m) => onMessage(m));
      s.on('gap', (g) => callbacks.current.onGap?.(g));
      s.on('state', (state) => {
        if (!live) return;
        if (state === 'failed' && at === 'snapshot' && fallback && FALLBACK_CODES.has(s.error?.code)) {
          cur.snapshotError = s.error; // refused as a snapshot: the fallback instead (the refused one is gone)
          subscribe(fallback);
          later();
          return;
        }
        cur.status = state;
        cur.error = s.error;
        later();
      });
      cur.status = s.state;
    };
    const onMessage = (m) => {
      cur.last = m;
      if (keep > 0) {
        cur.messages.push(m);
        if (cur.messages.length > keep) cur.messages.splice(0, cur.messages.length - keep);
      }
      const reduce = folding.current.reduce;
      if (reduce) cur.state = reduce(cur.state, m);
      callbacks.current.onMessage?.(m);
      later();
    };
    subscribe(JSON.parse(fromKey));
    render();
    return () => {
      live = false;
      sub?.unsubscribe();
    };
  }, [lc, topic, key, fromKey, fallback, enabled, keep]); // eslint-disable-line react-hooks/exhaustive-deps

  return { ...snap, connection };
}

function idle(state) {
  return { messages: [], last: null, state, status: IDLE, error: null, subscription: null, snapshot: 'none',
    snapshotError: null };
}

/**
 * Pages of a topic's retained records (`lc.history()`): the first page on mount (and whenever
 * `lc`, `topic`, `key`, `from`, `direction`, `limit` or `enabled` change: it starts over), the next
 * on `loadMore()`. Returns `{messages, gaps, loading, error, hasMore, loadMore, position, epoch,
 * pages}`: `messages` in page order (newest first with `direction: "backward"`); `position` is the
 * first page's, so after a first backward page it is where the log ended, a subscription's `from`
 * that continues live without a gap or a duplicate. `loadMore()` returns false when there is
 * nothing more or a page is loading; after an error it tries the failed page again. Requests of an
 * unmounted component (or of previous parameters) are aborted.
 * @param {import('./logcast.js').Logcast | null | undefined} lc
 * @param {string} topic
 * @param {import('./react.js').UseHistoryOptions} [options]
 */
export function useHistory(lc, topic, options = {}) {
  const { key = null, from = null, direction = null, limit = null, enabled = true } = options;
  const fromKey = JSON.stringify(from);
  const [snap, setSnap] = useState(() => ({ ...emptyHistory(), loading: !!lc && enabled }));
  const run = useRef(null); // the current effect run: {abort, next, retry, busy}

  const load = useCallback((r, params) => {
    r.busy = true;
    r.retry = null;
    setSnap((s) => ({ ...s, loading: true, error: null }));
    r.lc.history(r.topic, { ...params, signal: r.abort.signal }).then((page) => {
      if (r.abort.signal.aborted) return;
      r.busy = false;
      r.next = page.next;
      setSnap((s) => ({
        ...s,
        messages: s.messages.concat(page.messages),
        gaps: s.gaps.concat(page.gaps),
        position: s.pages === 0 ? page.position : s.position,
        epoch: page.epoch,
        hasMore: page.next != null,
        loading: false,
        error: null,
        pages: s.pages + 1,
      }));
    }, (error) => {
      if (r.abort.signal.aborted) return;
      r.busy = false;
      r.retry = params;
      setSnap((s) => ({ ...s, loading: false, error }));
    });
  }, []);

  useEffect(() => {
    setSnap(emptyHistory());
    if (!lc || !enabled) {
      run.current = null;
      return undefined;
    }
    const r = { lc, topic, abort: new AbortController(), next: null, retry: null, busy: false };
    run.current = r;
    const params = {};
    if (key != null) params.key = key;
    const f = JSON.parse(fromKey);
    if (f != null) params.from = f;
    if (direction != null) params.direction = direction;
    if (limit != null) params.limit = limit;
    load(r, params);
    return () => {
      r.abort.abort();
      if (run.current === r) run.current = null;
    };
  }, [lc, topic, key, fromKey, direction, limit, enabled, load]);

  const loadMore = useCallback(() => {
    const r = run.current;
    if (!r || r.busy) return false;
    if (r.retry) {
      load(r, r.retry);
      return true;
    }
    if (r.next == null) return false;
    load(r, { cursor: r.next, ...(limit != null && { limit }), ...(key != null && { key }) });
    return true;
  }, [load, limit, key]);

  return { ...snap, loadMore };
}

function emptyHistory() {
  return { messages: [], gaps: [], loading: false, error: null, hasMore: false, position: null, epoch: null, pages: 0 };
}
