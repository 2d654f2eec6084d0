// Logcast dev-mode demo: a plain WebSocket client for protocol logcast.v1 (see docs/protocol.md).
'use strict';
(() => {
  const $ = (id) => document.getElementById(id);
  const q = new URLSearchParams(location.search);
  const TOPIC = q.get('topic') || 'demo.orders';
  const KEY = q.get('key') || null; // optional: narrow the subscription to one record key
  const FROM = parseFrom(q.get('from'));
  const SUB = KEY ? { topic: TOPIC, key: KEY } : { topic: TOPIC };
  const STOP = { 1000: 'closed by the server', 1008: 'policy violation (check the Origin)', 1009: 'message too big',
    4000: 'malformed protocol', 4001: 'unauthorized (this page sends no token)', 4003: 'forbidden',
    4011: 'session resumed on another connection' };
  const SLOW = new Set([1013, 4008]); // overload / rate limited: back off longer
  const STATUSES = new Set(['placed', 'paid', 'packed', 'shipped', 'delivered', 'cancelled']);
  const MAX_ROWS = 300, MAX_LOG = 50;
  const reducedMotion = matchMedia('(prefers-reduced-motion: reduce)').matches;

  let ws = null, session = null, epoch = null, subscribed = false, subId = 0, reqId = 0;
  let attempt = 0, retryAt = 0, retryTimer = 0, lastClose = 0, resumeSent = false, sentPosition = false;
  let next = {}; // partition -> next offset to deliver (last seen + 1)
  let ackDirty = false, count = 0, lastCount = 0, dupes = 0;
  const rows = new Map(); // order key -> <tr>
  const pending = new Map(), pendingLog = [];
  let frameRequested = false;

  function parseFrom(s) {
    if (s === 'latest' || s === 'earliest') return s;
    if (s && /^\d+$/.test(s)) return { time: Number(s) }; // ?from=<epoch ms>
    return 'earliest';
  }

  // ---- connection -------------------------------------------------------------------------
  function connect() {
    clearTimeout(retryTimer); retryAt = 0; subscribed = false;
    setConn('connecting', session ? 'Reconnecting…' : 'Connecting…');
    const sock = ws = new WebSocket(`${location.protocol === 'https:' ? 'wss' : 'ws'}://${location.host}/ws`, 'logcast.v1');
    sock.onopen = () => {
      const hello = { type: 'hello', token: null };
      resumeSent = !!(session && epoch);
      if (resumeSent) hello.resume = { session: session.id, secret: session.secret, subscriptions: [position()] };
      send(hello);
    };
    sock.onmessage = (e) => {
      if (sock !== ws || typeof e.data !== 'string') return;
      for (const line of e.data.split('\n')) {
        if (!line.trim()) continue;
        let m;
        try { m = JSON.parse(line); } catch { log('error', 'bad json', line.slice(0, 200)); continue; }
        handle(m);
      }
    };
    sock.onclose = (e) => { if (sock === ws) onClose(e); };
  }

  function onClose(e) {
    ws = null; subscribed = false; lastClose = e.code;
    const why = STOP[e.code];
    if (why) {
      setConn('stopped', `Disconnected: ${why} (${e.code})`);
      notice(`Connection closed with ${e.code}: ${e.reason || why}. Not reconnecting automatically.`, true);
      return;
    }
    // exponential backoff with full jitter: 0.5 s doubling to 15 s (5 s + up to 60 s when the server asks to slow down)
    const [base, cap] = SLOW.has(e.code) ? [5000, 60000] : [500, 15000];
    const delay = (SLOW.has(e.code) ? base : 0) + Math.random() * Math.min(cap, base * 2 ** attempt++);
    retryAt = Date.now() + delay;
    retryTimer = setTimeout(connect, delay);
    showRetry();
  }

  function showRetry() {
    const s = Math.max(0, Math.ceil((retryAt - Date.now()) / 1000));
    setConn('disconnected', `Disconnected (${lastClose}), retrying in ${s} s`);
  }

  function send(obj) { if (ws && ws.readyState === WebSocket.OPEN) ws.send(JSON.stringify(obj)); }
  function position() { return { ...SUB, epoch, offsets: { ...next } }; }

  function subscribe() {
    sentPosition = !!(epoch && Object.keys(next).length);
    subId = ++reqId;
    send({ type: 'subscribe', id: subId, ...SUB, from: sentPosition ? { epoch, offsets: { ...next } } : FROM });
  }

  // ---- protocol -----------------------------------------------------------------------------
  function handle(m) {
    switch (m.type) {
      case 'welcome':
        session = { id: m.session, secret: m.secret }; attempt = 0;
        setConn('connected', `Connected · node ${m.node}`);
        log('info', 'welcome', `session ${m.session}, resumed=${m.resumed}${m.reason ? `, reason=${m.reason}` : ''}`);
        if (resumeSent && !m.resumed) notice(`Session not resumed (${m.reason || 'unknown'}); re-subscribing from the last positions seen.`);
        if (!m.resumed) subscribe(); // when resumed, the server restores the subscription itself
        break;
      case 'subscribed':
        if (m.topic !== TOPIC) break;
        if (epoch && m.epoch !== epoch) next = {}; // topic re-created: old offsets mean nothing
        epoch = m.epoch; subscribed = true;
        log('info', 'subscribed', `${m.topic} epoch ${m.epoch} recovered=${m.recovered}${m.reason ? ` reason=${m.reason}` : ''}`);
        if (m.recovered === false && (sentPosition || m.id == null)) {
          notice(`Subscription to ${m.topic} not fully recovered (reason: ${m.reason || 'unknown'}); some records could not be replayed.`);
        }
        break;
      case 'message': onMessage(m); break;
      case 'gap': {
        if (m.topic !== TOPIC) break;
        const p = String(m.partition);
        next[p] = Math.max(next[p] || 0, m.to); ackDirty = true;
        log('gap', 'gap', `p${p} offsets ${m.from}–${m.to - 1} unavailable (${m.reason})`);
        break;
      }
      case 'error':
        log('error', `error ${m.code}`, `${m.message}${m.id != null ? ` (request ${m.id})` : ''}`);
        if (m.id === subId) notice(`Subscribe failed: ${m.code}: ${m.message}`, true);
        break;
      default: log('info', m.type, JSON.stringify(m).slice(0, 200));
    }
  }

  function onMessage(m) {
    if (m.topic !== TOPIC) return;
    const p = String(m.partition);
    if (next[p] !== undefined && m.offset < next[p]) { dupes++; return; } // already seen: drop
    next[p] = m.offset + 1; ackDirty = true; count++;
    const key = m.key ?? m.data?.orderId ?? `p${p}@${m.offset}`;
    pending.delete(key); pending.set(key, m); // keep insertion order = activity order
    pendingLog.push(m); if (pendingLog.length > MAX_LOG) pendingLog.shift();
    if (!frameRequested) { frameRequested = true; requestAnimationFrame(flush); }
  }

  // ---- rendering ----------------------------------------------------------------------------
  function flush() {
    frameRequested = false;
    for (const [key, m] of pending) renderRow(key, m);
    for (const m of pendingLog) {
      log('msg', `p${m.partition} · ${m.offset}`, `${m.key ?? '∅'} ${JSON.stringify(m.data)}`.slice(0, 220));
    }
    pending.clear(); pendingLog.length = 0;
    updateStats();
  }

  function cell(text, cls) {
    const td = document.createElement('td');
    td.textContent = text; if (cls) td.className = cls;
    return td;
  }

  function renderRow(key, m) {
    const tbody = $('rows');
    tbody.querySelector('tr.empty')?.remove();
    let tr = rows.get(key);
    if (!tr) { tr = document.createElement('tr'); tr.dataset.key = key; rows.set(key, tr); }
    const d = m.data && typeof m.data === 'object' ? m.data : { customer: JSON.stringify(m.data) };
    const status = String(d.status ?? '—');
    const badge = document.createElement('span');
    badge.className = `badge s-${STATUSES.has(status) ? status : 'other'}`;
    badge.textContent = status;
    const statusCell = cell(''); statusCell.append(badge);
    const th = document.createElement('th'); th.scope = 'row'; th.textContent = key;
    tr.replaceChildren(th, cell(d.customer ?? ''), statusCell, cell(d.items ?? '', 'num'),
      cell(money(d.total, d.currency), 'num'), cell(new Date(d.updatedAt ?? m.timestamp).toLocaleTimeString()),
      cell(`p${m.partition} · ${m.offset}`, 'num po'));
    tbody.prepend(tr);
    while (rows.size > MAX_ROWS) { const last = tbody.lastElementChild; rows.delete(last.dataset.key); last.remove(); }
    if (!reducedMotion) tr.animate([{ backgroundColor: '#fff1b8' }, { backgroundColor: 'transparent' }], { duration: 1400, easing: 'ease-out' });
  }

  function money(v, cur) {
    if (typeof v !== 'number') return v ?? '';
    try { return v.toLocaleString(undefined, { style: 'currency', currency: cur || 'EUR' }); } catch { return String(v); }
  }

  function log(kind, tag, text) {
    const li = document.createElement('li'); li.className = kind;
    const t = document.createElement('span'); t.className = 'tag'; t.textContent = tag;
    li.append(t, ' ', text); li.title = text;
    const list = $('log'); list.prepend(li);
    while (list.children.length > MAX_LOG) list.lastElementChild.remove();
  }

  function setConn(state, text) {
    $('conn').dataset.state = state;
    $('conn-text').textContent = text;
    $('reconnect').hidden = state !== 'disconnected' && state !== 'stopped';
  }

  function notice(text, bad = false) {
    const n = $('notice'); n.textContent = text; n.hidden = false; n.classList.toggle('bad', bad);
    log(bad ? 'error' : 'gap', 'notice', text);
  }

  function updateStats() {
    $('count').textContent = count.toLocaleString();
    $('orders-count').textContent = rows.size.toLocaleString();
    $('dupes').textContent = dupes.toLocaleString();
  }

  // once a second: msg/s, ack with the latest next offsets, retry countdown
  setInterval(() => {
    $('rate').textContent = (count - lastCount).toLocaleString(); lastCount = count;
    updateStats();
    if (ackDirty && subscribed) { send({ type: 'ack', ...SUB, offsets: { ...next } }); ackDirty = false; }
    if (retryAt) showRetry();
  }, 1000);

  // ---- publish form ---------------------------------------------------------------------------
  const form = $('pub');
  form.elements.n.value = 2000 + Math.floor(Math.random() * 1000);
  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    const f = form.elements, btn = form.querySelector('button'), out = $('pub-result'), key = `order-${f.n.value}`;
    const data = { orderId: key, customer: f.customer.value, status: f.status.value, items: Number(f.items.value),
      total: Number(f.total.value), currency: 'EUR', updatedAt: Date.now() };
    btn.disabled = true; out.className = 'pub-result'; out.textContent = 'Publishing…';
    try {
      const r = await fetch(`/v1/topics/${encodeURIComponent(TOPIC)}/messages`, {
        method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ key, data }) });
      const body = await r.text();
      if (!r.ok) throw new Error(`HTTP ${r.status}${body.startsWith('{') ? ` ${body.slice(0, 160)}` : ''}`);
      const res = JSON.parse(body);
      out.textContent = `${key} → partition ${res.partition}, offset ${res.offset}`;
    } catch (err) {
      out.className = 'pub-result bad'; out.textContent = `Publish failed: ${err.message}`;
    } finally { btn.disabled = false; }
  });

  $('reconnect').addEventListener('click', () => { attempt = 0; connect(); });
  $('topic').textContent = KEY ? `${TOPIC} / ${KEY}` : TOPIC;
  connect();
})();
