// Order detail: clicking an order shows its timeline, its recent history over HTTP, then its live
// updates from a keyed subscription on the same client (and connection) as the whole-topic list.
import { $, badge, money } from './demo-ui.js';

const DETAIL_LIMIT = 20;

/**
 * Returns showDetail(key), which does what a click on that order's row does. `rows`: the list's
 * order key -> <tr>, to mark the selected one.
 */
export function createDetail(lc, topic, demo, rows) {
  let detailSub = null, detailFrame = false;

  async function showDetail(key) {
    if (demo.detail?.key === key) return;
    detailSub?.unsubscribe(); // the previous order's: delivery stops at once
    detailSub = null;
    const detail = demo.detail = { key, records: [], history: 0, live: false, overlap: 0, error: null };
    for (const tr of $('rows').querySelectorAll('tr.selected')) tr.classList.remove('selected');
    rows.get(key)?.classList.add('selected');
    renderDetail();
    try {
      const { messages, position } = await recentHistory(key);
      if (demo.detail !== detail) return; // another order was picked meanwhile
      detail.records = messages.reverse().map((m) => detailRecord(m, false)); // oldest first
      detail.history = detail.records.length;
      // The page's top: everything below it is shown already. A saved position (persist) wins over
      // `from` and may start lower; those records are dropped here, and counted.
      let shown = position.offsets;
      detailSub = lc.subscribe(topic, {
        key,
        from: position,
        onSubscribed(info) {
          if (info.epoch !== position.epoch) shown = {}; // topic re-created: offsets start again
          detail.live = true; renderDetail();
        },
        onMessage(m) {
          if (m.offset < (shown[m.partition] ?? 0)) { detail.overlap++; return; }
          detail.records.push(detailRecord(m, true)); renderDetail();
        },
        onGap(g) { detail.error = `offsets ${g.from}–${g.to - 1} of partition ${g.partition} were deleted`; renderDetail(); },
        onError(e) { detail.live = false; detail.error = `${e.code}: ${e.message}`; renderDetail(); },
      });
    } catch (e) {
      if (demo.detail !== detail) return;
      detail.error = `${e.code ?? e.name}: ${e.message}`;
    }
    renderDetail();
  }

  /** Up to DETAIL_LIMIT of the key's newest records, newest first; `position`: the first page's top. */
  async function recentHistory(key) {
    const first = await historyPage({ key, direction: 'backward', limit: DETAIL_LIMIT });
    const messages = [...first.messages];
    // a keyed page may stop short (the server bounds its time) and still have a next: a few more
    for (let page = first, i = 0; page.next && messages.length < DETAIL_LIMIT && i < 4; i++) {
      page = await historyPage({ key, cursor: page.next, limit: DETAIL_LIMIT - messages.length });
      messages.push(...page.messages);
    }
    return { messages, position: first.position };
  }

  /** One history page; the server's "busy, retry in a second" answers are retried twice. */
  async function historyPage(options, attempt = 0) {
    try {
      return await lc.history(topic, options);
    } catch (e) {
      if (attempt >= 2 || (e.code !== 'unavailable' && e.code !== 'rate_limited')) throw e;
      await new Promise((r) => setTimeout(r, 1000));
      return historyPage(options, attempt + 1);
    }
  }

  function renderDetail() {
    if (detailFrame) return;
    detailFrame = true;
    requestAnimationFrame(() => {
      detailFrame = false;
      const d = demo.detail;
      $('detail-key').textContent = d.key;
      $('detail-live').hidden = !d.live;
      const live = d.records.length - d.history;
      $('detail-status').textContent = d.error ? `Stopped: ${d.error}`
        : !d.live && !d.history ? 'Loading its history…'
        : `${d.history} from history · ${d.live ? `${live} live` : 'subscribing…'}`;
      $('detail-status').dataset.tone = d.error ? 'bad' : '';
      const list = $('detail-list');
      list.replaceChildren(...d.records.map((r) => {
        const li = document.createElement('li'); li.className = r.live ? 'live' : 'past';
        const data = r.data && typeof r.data === 'object' ? r.data : {};
        const time = document.createElement('time'); time.textContent = new Date(data.updatedAt ?? r.timestamp).toLocaleTimeString();
        const po = document.createElement('span'); po.className = 'po'; po.textContent = `p${r.partition} · ${r.offset}`;
        li.append(badge(data.status), ` ${money(data.total, data.currency)} `, time, po);
        return li;
      }));
      list.scrollTop = list.scrollHeight; // the newest in view
    });
  }

  return showDetail;
}

function detailRecord(m, live) {
  return { partition: m.partition, offset: m.offset, key: m.key ?? null, data: m.data, timestamp: m.timestamp, live };
}
