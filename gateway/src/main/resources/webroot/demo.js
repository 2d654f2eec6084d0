// Logcast dev-mode demo: a live order tracker on the browser SDK (client-js/, served at /sdk/).
// URL parameters: ?topic=demo.orders &key=order-42 &from=earliest|latest|<epoch ms> &persist=0
// &heartbeat=<ms> (watchdog interval override, for tests)
// &transport=sse|websocket (only that transport; default: WebSocket, falling back to SSE)
// &prices=demo.prices|off (the price board's compacted topic) &topics=demo.*|off (the Topics panel's pattern).
// Clicking an order shows its timeline (demo-detail.js); the price board (demo-prices.js) and the
// Topics panel (demo-topics.js) subscribe on the same client, so everything shares one connection.
import { Logcast } from './sdk/logcast.js';
import { $, params as q, reducedMotion, badge, money, flash, panelParam } from './demo-ui.js';
import { createDetail } from './demo-detail.js';
import { startPrices } from './demo-prices.js';
import { startTopics } from './demo-topics.js';

const TOPIC = q.get('topic') || 'demo.orders';
const KEY = q.get('key') || undefined; // optional: only the records of one key
const FROM = parseFrom(q.get('from'));
const TRANSPORTS = { sse: ['sse'], websocket: ['websocket'] }[q.get('transport')]; // undefined: the SDK's default
const MAX_ROWS = 300, MAX_LOG = 50;

// What an end-to-end test reads: every message in the order the page handled it, the connections,
// the detail panel (showDetail(key) does what a click on that order's row does), and the panels'
// state (prices, topics: see demo-prices.js and demo-topics.js).
// A test that reloads the page can also define window.__logcastOnRecord (e.g. in an init script and
// bound to the test) to get every record as it is handled, across reloads.
const demo = window.__logcastDemo = {
  received: [], // {partition, offset, key, data}
  duplicates: 0,
  reconnects: 0,
  connections: [], // {node, session, resumed, reason, transport, at}
  errors: [],
  state: 'connecting',
  node: null, // null over SSE: streams have no session on a node
  transport: null,
  client: null,
  subscription: null,
  // {key, records: [{partition, offset, key, data, live}] oldest first, history: n from history,
  //  live: subscribed, overlap: live records the history already held (dropped), error}
  detail: null,
  showDetail: null,
  prices: null,
  topics: null,
};

function parseFrom(s) {
  if (s === 'latest' || s === 'earliest') return s;
  if (s && /^\d+$/.test(s)) return { time: Number(s) };
  return 'earliest';
}

// ---- the SDK --------------------------------------------------------------------------------------
const lc = new Logcast('/ws', {
  // a reload of this tab resumes too: session and positions live in sessionStorage
  persist: q.get('persist') === '0' ? false : `logcast-demo:${TOPIC}:${KEY ?? ''}`,
  heartbeatMs: Number(q.get('heartbeat')) || undefined,
  transports: TRANSPORTS,
});
demo.client = lc;

let count = 0, lastCount = 0, retryAt = 0, lastClose = null, wasConnected = false;
const rows = new Map(); // order key -> <tr>
const pending = new Map(), pendingLog = [];
let frameRequested = false;

demo.subscription = lc.subscribe(TOPIC, {
  key: KEY,
  from: FROM,
  onMessage(m) {
    const record = { partition: m.partition, offset: m.offset, key: m.key ?? null, data: m.data };
    demo.received.push(record);
    window.__logcastOnRecord?.(record);
    count++;
    const key = m.key ?? m.data?.orderId ?? `p${m.partition}@${m.offset}`;
    pending.delete(key); pending.set(key, m); // keep insertion order = activity order
    pendingLog.push(m); if (pendingLog.length > MAX_LOG) pendingLog.shift();
    if (!frameRequested) { frameRequested = true; requestAnimationFrame(flush); }
  },
  onGap(g) {
    notice(`Offsets ${g.from}–${g.to - 1} of partition ${g.partition} were deleted by ${g.reason} before this page got them.`, 'warn');
  },
  onRecovered(ok, reason) {
    if (!ok) notice(`Subscription not fully recovered (${reason}): some records could not be replayed.`, 'bad');
  },
  onError(e) {
    notice(`Subscription failed: ${e.code}: ${e.message}`, 'bad');
  },
});

lc.on('state', (state) => {
  demo.state = state;
  document.documentElement.dataset.logcastState = state;
});

lc.on('connecting', ({ attempt, resume }) => {
  retryAt = 0;
  setConn('connecting', resume ? 'Reconnecting…' : 'Connecting…');
  if (attempt) log('info', 'connecting', `attempt ${attempt + 1}${resume ? ', resuming' : ''}`);
});

lc.on('connected', (c) => {
  const previous = demo.connections.at(-1);
  demo.connections.push({ node: c.node, session: c.session, resumed: c.resumed, reason: c.reason,
    transport: c.transport, at: Date.now() });
  demo.node = c.node;
  demo.transport = c.transport;
  if (previous) demo.reconnects++;
  wasConnected = true;
  const sse = c.transport === 'sse';
  setConn('connected', sse ? 'Connected · Server-Sent Events' : `Connected · node ${c.node}`);
  $('node').textContent = c.node ?? 'any (SSE)';
  $('node').dataset.node = c.node ?? '';
  $('conn').dataset.node = c.node ?? '';
  $('conn').dataset.transport = c.transport;
  $('session').textContent = c.session ? `${c.session.slice(0, 8)}…` : 'none (SSE: position in the stream)';
  if (previous && !reducedMotion) $('node').animate([{ backgroundColor: '#ffe066' }, { backgroundColor: '' }], { duration: 1600 });
  const was = previous && previous.node !== c.node ? ` (was ${previous.node})` : '';
  if (sse && previous) {
    notice('Reconnected over Server-Sent Events from this page\'s own position: nothing missed, nothing twice.', 'ok');
  } else if (c.resumed) {
    notice(`Resumed the session on node ${c.node}${was}: the server replays from where this page was.`, 'ok');
  } else if (c.resumeRequested) {
    notice(`Node ${c.node}${was} did not know the session (${c.reason}); re-subscribed from this page's own ` +
      'position: nothing missed, nothing twice.', 'ok');
  }
  updateStats();
});

lc.on('disconnected', (d) => {
  if (wasConnected) { // once per outage, not per attempt
    wasConnected = false;
    notice(`Lost the connection to ${lc.session?.node ? `node ${lc.session.node}` : 'the gateway'} ` +
      `(${d.code}${d.reason ? `: ${d.reason}` : ''}). ` +
      'Reconnecting with backoff; the page will carry on from its own position.', 'warn');
  }
  lastClose = d.code;
  retryAt = d.retryAt;
  showRetry();
  log('error', 'disconnected', `${d.code ?? ''} ${d.reason || ''} · retry in ${(d.delay / 1000).toFixed(1)} s`);
});

lc.on('closed', ({ error }) => {
  retryAt = 0;
  if (!error) return setConn('stopped', 'Closed');
  setConn('stopped', `Stopped: ${error.message}`);
  notice(`${error.message}. Not reconnecting automatically.`, 'bad');
});

lc.on('error', (e) => {
  demo.errors.push({ code: e.code, message: e.message });
  log('error', `error ${e.code}`, e.message);
});

lc.on('duplicate', () => { demo.duplicates++; });

lc.on('fallback', (f) => log('gap', 'fallback', `${f.from} failed before connecting (${f.code}); trying ${f.to}`));

// the protocol as it happens, minus records (batched below) and secrets
lc.on('frame', (m) => {
  switch (m.type) {
    case 'message': case 'pong': return;
    case 'welcome':
      if (!m.session) return log('info', 'stream', 'Server-Sent Events: streams open');
      return log('info', 'welcome', `node ${m.node}, session ${m.session.slice(0, 8)}…, resumed=${m.resumed}` +
        (m.reason ? `, reason=${m.reason}` : ''));
    case 'subscribed':
      if (m.pattern) return log('info', 'subscribed', `pattern ${m.pattern}: ${m.topics.join(', ') || 'no topic yet'}`);
      return log('info', 'subscribed', `${m.topic}${m.key ? `/${m.key}` : ''}${m.id == null ? ' (restored)' : ''} ` +
        `from ${offsetsText(m.offsets)}, recovered=${m.recovered}${m.reason ? ` (${m.reason})` : ''}`);
    case 'gap': return log('gap', 'gap', `p${m.partition} ${m.from}–${m.to - 1} (${m.reason})`);
    case 'error': return; // reported through the SDK
    case 'snapshot': return log('info', 'snapshot', `${m.topic}: ${m.count} keys, live from ${offsetsText(m.offsets)}`);
    default: return log('info', m.type, JSON.stringify(m).slice(0, 200));
  }
});

// ---- rendering ------------------------------------------------------------------------------------
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
  const statusCell = cell(''); statusCell.append(badge(d.status));
  const th = document.createElement('th'); th.scope = 'row'; th.textContent = key;
  tr.dataset.partition = m.partition; tr.dataset.offset = m.offset;
  if (m.key != null && !tr.classList.contains('pick')) { tr.classList.add('pick'); tr.tabIndex = 0; }
  tr.classList.toggle('selected', key === demo.detail?.key);
  tr.replaceChildren(th, cell(d.customer ?? ''), statusCell, cell(d.items ?? '', 'num'),
    cell(money(d.total, d.currency), 'num'), cell(new Date(d.updatedAt ?? m.timestamp).toLocaleTimeString()),
    cell(`p${m.partition} · ${m.offset}`, 'num po'));
  tbody.prepend(tr);
  while (rows.size > MAX_ROWS) { const last = tbody.lastElementChild; rows.delete(last.dataset.key); last.remove(); }
  flash(tr, '#fff1b8');
}

function offsetsText(offsets = {}) {
  const parts = Object.entries(offsets).map(([p, o]) => `p${p} ${o}`);
  return parts.length ? parts.join(' · ') : '—';
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

function showRetry() {
  const s = Math.max(0, Math.ceil((retryAt - Date.now()) / 1000));
  setConn('disconnected', `Disconnected${lastClose ? ` (${lastClose})` : ''}, retrying in ${s} s`);
}

/** @param {'ok'|'warn'|'bad'} tone */
function notice(text, tone) {
  const n = $('notice'); n.textContent = text; n.hidden = false; n.dataset.tone = tone;
  log(tone === 'ok' ? 'info' : tone === 'bad' ? 'error' : 'gap', 'notice', text);
}

function updateStats() {
  $('count').textContent = count.toLocaleString();
  $('orders-count').textContent = rows.size.toLocaleString();
  $('dupes').textContent = demo.duplicates.toLocaleString();
  $('reconnects').textContent = demo.reconnects.toLocaleString();
  $('position').textContent = offsetsText(demo.subscription.position().offsets);
}

// once a second: msg/s, retry countdown
setInterval(() => {
  $('rate').textContent = (count - lastCount).toLocaleString(); lastCount = count;
  updateStats();
  if (retryAt && lc.state === 'disconnected') showRetry();
}, 1000);

// ---- the other panels, on the same client: the detail view, the price board, then the pattern
// (last: a snapshot cannot take a topic a pattern of the client holds already) --------------------
const showDetail = demo.showDetail = createDetail(lc, TOPIC, demo, rows);
startPrices(lc, demo, panelParam('prices', 'demo.prices'));
startTopics(lc, demo, panelParam('topics', 'demo.*'));

// ---- publish form -----------------------------------------------------------------------------------
const form = $('pub');
form.elements.n.value = 2000 + Math.floor(Math.random() * 1000);
form.addEventListener('submit', async (e) => {
  e.preventDefault();
  const f = form.elements, btn = form.querySelector('button'), out = $('pub-result'), key = `order-${f.n.value}`;
  const data = { orderId: key, customer: f.customer.value, status: f.status.value, items: Number(f.items.value),
    total: Number(f.total.value), currency: 'EUR', updatedAt: Date.now() };
  btn.disabled = true; out.className = 'pub-result'; out.textContent = 'Publishing…';
  try {
    // over the socket (over HTTP with SSE); the idempotency key makes it safe for the SDK to resend
    const res = await lc.publish(TOPIC, data, { key, idempotencyKey: true });
    out.textContent = `${key} → partition ${res.partition}, offset ${res.offset}`;
  } catch (err) {
    out.className = 'pub-result bad'; out.textContent = `Publish failed: ${err.code ?? ''} ${err.message}`;
  } finally { btn.disabled = false; }
});

$('reconnect').addEventListener('click', () => lc.reconnect());
$('rows').addEventListener('click', (e) => { const tr = e.target.closest('tr.pick'); if (tr) showDetail(tr.dataset.key); });
$('rows').addEventListener('keydown', (e) => {
  const tr = e.target.closest('tr.pick');
  if (tr && (e.key === 'Enter' || e.key === ' ')) { e.preventDefault(); showDetail(tr.dataset.key); }
});
$('topic').textContent = KEY ? `${TOPIC} / ${KEY}` : TOPIC;
