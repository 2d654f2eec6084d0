// Prices panel: the latest quote of every symbol of a compacted topic (dev mode: demo.prices) from a
// snapshot (`from: 'snapshot'`), then its live updates on the page's one client; a tombstone (data
// null) delists a symbol, which removes its tile.
import { $, flash } from './demo-ui.js';

/**
 * Subscribes `topic` from a snapshot. What a test reads: window.__logcastDemo.prices = {topic,
 * board: Map symbol -> message, snapshot: {count, at} once the snapshot came, starts (snapshots
 * begun, 2+ after a restart), live (records after the snapshot), delisted (live tombstones), error}.
 */
export function startPrices(lc, demo, topic) {
  const state = demo.prices = { topic, board: new Map(), snapshot: null, starts: 0, live: 0, delisted: 0, error: null };
  if (!topic) { $('prices').hidden = true; return; }
  $('prices-topic').textContent = topic;
  const tiles = new Map(), changed = new Set();
  let frame = false;

  lc.subscribe(topic, {
    from: 'snapshot',
    // also when a snapshot starts again (the connection dropped before it completed): drop what it built
    onSnapshotStart() {
      state.starts++; state.snapshot = null; state.error = null;
      for (const symbol of state.board.keys()) changed.add(symbol);
      state.board.clear();
      note('Loading the snapshot…');
      schedule();
    },
    onMessage(m) { // m.snapshot: a record of the snapshot; otherwise live, from the snapshot's cut
      if (!m.snapshot) state.live++;
      if (m.data === null) {
        if (!m.snapshot) state.delisted++;
        state.board.delete(m.key);
      } else {
        state.board.set(m.key, m);
      }
      changed.add(m.key);
      schedule();
    },
    onSnapshot({ count }) {
      state.snapshot = { count, at: Date.now() };
      schedule();
    },
    onError(e) {
      state.error = `${e.code}: ${e.message}`;
      note(e.code === 'bad_request' && /WebSocket/.test(e.message) ? 'Snapshots need the WebSocket transport.'
        : `Not subscribed: ${state.error}`, 'bad');
    },
  });

  function schedule() {
    if (!frame) { frame = true; requestAnimationFrame(render); }
  }

  function render() {
    frame = false;
    const grid = $('prices-board');
    for (const symbol of changed) {
      const m = state.board.get(symbol);
      let tile = tiles.get(symbol);
      if (!m) { tile?.remove(); tiles.delete(symbol); continue; }
      if (!tile) {
        tile = document.createElement('div'); tile.className = 'tile'; tile.dataset.key = symbol;
        tiles.set(symbol, tile);
        // in symbol order, whenever a symbol is listed again
        const next = [...grid.children].find((t) => t.dataset.key > symbol);
        grid.insertBefore(tile, next ?? null);
      }
      const before = Number(tile.dataset.bid);
      const bid = Number(m.data?.bid), ask = Number(m.data?.ask);
      const name = document.createElement('b'); name.textContent = symbol;
      tile.replaceChildren(name, quote('bid', bid), quote('ask', ask));
      tile.dataset.bid = bid;
      tile.title = `p${m.partition} · ${m.offset}${m.snapshot ? ' (snapshot)' : ''}`;
      if (!m.snapshot && before && bid !== before) flash(tile, bid > before ? '#c3f0ca' : '#ffd1d1', 900);
    }
    changed.clear();
    if (state.error) return;
    const s = state.snapshot;
    note(!s ? 'Loading the snapshot…' : `snapshot: ${s.count} symbols · ${state.live} live updates` +
      (state.delisted ? ` · ${state.delisted} delisted` : ''));
  }
}

function quote(cls, v) {
  const el = document.createElement('span'); el.className = cls;
  el.textContent = Number.isFinite(v) ? v.toFixed(v >= 100 ? 2 : 4) : '—';
  return el;
}

function note(text, tone = '') {
  $('prices-note').textContent = text;
  $('prices-note').dataset.tone = tone;
}
