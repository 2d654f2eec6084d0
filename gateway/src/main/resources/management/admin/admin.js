// The admin page: polls /v1/admin/cluster, renders every instance, and runs the guarded actions.
import { ApiError, call, credential } from './api.js';
import { $, bytes, cell, message, num, rate, readiness, rows, time } from './view.js';

const REFRESH_MS = 3000;
let previous = new Map(); // node -> its last stats, for rates and "since last refresh"
let timer = null;
let generation = 0; // only the latest refresh schedules the next one

/** Per-second rate of a counter between two readings; null on the first or after a restart. */
function perSecond(cur, prev, get) {
  if (!prev || cur.at <= prev.at) return null;
  const d = get(cur) - get(prev);
  return d < 0 ? null : d / ((cur.at - prev.at) / 1000);
}

function meanLatencyMs(cur, prev) {
  const a = cur.delivery.latency, b = prev?.delivery.latency;
  if (!a || !b || a.count <= b.count) return null;
  return (a.totalMs - b.totalMs) / (a.count - b.count);
}

function renderInstances(instances) {
  rows('#instances', instances, 'node', (i) => i.node, (i) => {
    const prev = previous.get(i.node);
    const ready = readiness(i.ready);
    const latency = meanLatencyMs(i, prev);
    const drain = document.createElement('button');
    drain.textContent = 'Drain';
    drain.className = 'danger';
    drain.disabled = i.ready?.checks?.draining === true;
    drain.addEventListener('click', () => drainInstance(i.node));
    const action = cell('');
    action.append(drain);
    return [
      cell(i.node, 'node'), cell(ready.text, 'ready', ready.up ? 'up' : 'down'),
      cell(num(i.connections), 'connections'), cell(num(i.principals), 'principals'),
      cell(num(i.subscriptions), 'subscriptions'),
      cell(rate(perSecond(i, prev, (s) => s.delivery.messages)), 'delivered-rate'),
      cell(rate(perSecond(i, prev, (s) => s.delivery.frames)), 'frames-rate'),
      cell(prev ? `${bytes(perSecond(i, prev, (s) => s.delivery.bytes))}/s` : '–', 'bytes-rate'),
      cell(latency == null ? '–' : `${latency.toFixed(1)} ms`, 'latency'),
      cell(num(i.lag.records), 'lag'), cell(`${num(i.lag.demoted)} / ${num(i.lag.closedSlow)}`, 'slow'),
      cell(`${i.replay.busy} / ${i.replay.readers} (${i.replay.queued})`, 'replay'), action,
    ];
  });
}

function renderTopics(instances) {
  const topics = new Map();
  for (const i of instances) {
    for (const [name, t] of Object.entries(i.topics)) {
      const sum = topics.get(name) || { name, subscriptions: 0, wholeTopic: 0, keyed: 0, live: [] };
      sum.subscriptions += t.subscriptions;
      sum.wholeTopic += t.wholeTopic;
      sum.keyed += t.keyed;
      if (t.live) sum.live.push(i.node);
      topics.set(name, sum);
    }
  }
  rows('#topics', [...topics.values()], 'topic', (t) => t.name, (t) => [
    cell(t.name, 'topic'), cell(num(t.subscriptions), 'subscriptions'), cell(num(t.wholeTopic), 'whole'),
    cell(num(t.keyed), 'keyed'), cell(t.live.join(', ') || 'no', 'live'),
  ]);
  const lag = new Map();
  instances.forEach((i) => Object.entries(i.lag.byTopic).forEach(([tag, n]) => lag.set(tag, (lag.get(tag) || 0) + n)));
  $('#lag-tags').textContent = `Live consumer lag by topic tag (records): ${
    [...lag].map(([tag, n]) => `${tag} ${num(n)}`).join(', ') || 'none'}`;
}

function renderCloses(instances) {
  const codes = new Map();
  for (const i of instances) {
    const before = previous.get(i.node)?.closes || {};
    for (const [code, c] of Object.entries(i.closes)) {
      const sum = codes.get(code) || { code, meaning: c.meaning, count: 0, recent: 0 };
      sum.count += c.count;
      sum.recent += Math.max(0, c.count - (before[code]?.count || 0));
      codes.set(code, sum);
    }
  }
  rows('#closes', [...codes.values()], 'code', (c) => c.code, (c) => [
    cell(c.code, 'code'), cell(c.meaning, 'meaning'), cell(num(c.count), 'count'), cell(num(c.recent), 'recent'),
  ]);
}

function renderTotals(view) {
  const all = view.instances;
  const total = (f) => all.reduce((n, i) => n + (f(i) ?? 0), 0);
  const rates = all.map((i) => perSecond(i, previous.get(i.node), (s) => s.delivery.messages));
  $('#scope').textContent = view.scope === 'cluster' ? `cluster: ${all.length} instance(s) answered` : 'this instance only';
  $('#answered-by').textContent = `page served by ${view.node}`;
  $('#total-ready').textContent = `${all.filter((i) => readiness(i.ready).up).length} / ${all.length}`;
  $('#total-connections').textContent = num(total((i) => i.connections));
  $('#total-principals').textContent = num(total((i) => i.principals));
  $('#total-subscriptions').textContent = num(total((i) => i.subscriptions));
  $('#total-rate').textContent = rates.some((r) => r == null) ? '–' : rate(rates.reduce((a, b) => a + b, 0));
  $('#total-lag').textContent = num(total((i) => i.lag.records));
  $('#total-replay').textContent = `${total((i) => i.replay.busy)} / ${total((i) => i.replay.readers)}`;
}

async function refresh() {
  clearTimeout(timer);
  $('#credential').placeholder = credential.get() ? 'set (hidden); paste another to replace'
    : 'auth.adminKey or a JWT with admin: true';
  const mine = ++generation;
  try {
    const view = await call('GET', '/cluster');
    renderTotals(view);
    renderInstances(view.instances);
    renderTopics(view.instances);
    renderCloses(view.instances);
    previous = new Map(view.instances.map((i) => [i.node, i]));
    message(`Updated ${time(Date.now())}`, false);
  } catch (e) {
    message(e instanceof ApiError ? e.message : String(e), true);
  }
  if (mine === generation && !$('#paused').checked) timer = setTimeout(refresh, REFRESH_MS);
}

async function drainInstance(node) {
  if (!confirm(`Drain ${node}? It stops taking connections and closes its clients with 1012 over the drain window; it stays drained until restarted.`)) return;
  try {
    await call('POST', `/instances/${encodeURIComponent(node)}/drain`);
    message(`${node} is draining`, false);
  } catch (e) {
    message(e.message, true);
  }
  refresh();
}

async function showSessions(subject) {
  const result = $('#principal-result');
  try {
    const body = await call('GET', `/principals/${encodeURIComponent(subject)}/sessions`);
    rows('#sessions', body.sessions, 'session', (s) => s.session, (s) => [
      cell(s.session, 'session'), cell(s.node, 'node'), cell(time(s.connectedAt), 'connected'),
      cell(time(s.tokenExpiresAt), 'expires'),
      cell(s.subscriptions.map((x) => (x.key ? `${x.topic}/${x.key}` : x.topic)).join(', '), 'subscriptions'),
    ]);
    $('#sessions').hidden = false;
    result.textContent = `${body.sessions.length} session(s) of ${subject} on this instance`;
  } catch (e) {
    result.textContent = e.message;
  }
}

async function disconnect(subject) {
  const result = $('#principal-result');
  if (!subject || !confirm(`Disconnect every connection of ${subject} (close code 4003, no automatic reconnect)?`)) return;
  try {
    const body = await call('POST', `/principals/${encodeURIComponent(subject)}/disconnect`);
    result.textContent = `Disconnected ${subject}: ${body.closedHere} connection(s) closed on this instance`
      + (body.scope === 'cluster' ? ', the others asked over the cluster bus' : '');
    $('#sessions').hidden = true;
  } catch (e) {
    result.textContent = e.message;
  }
  refresh();
}

$('#auth').addEventListener('submit', (e) => {
  e.preventDefault();
  credential.set($('#credential').value.trim());
  $('#credential').value = '';
  refresh();
});
$('#forget').addEventListener('click', () => { credential.set(''); refresh(); });
$('#paused').addEventListener('change', () => $('#paused').checked ? clearTimeout(timer) : refresh());
$('#principal').addEventListener('submit', (e) => { e.preventDefault(); showSessions($('#subject').value.trim()); });
$('#disconnect').addEventListener('click', () => disconnect($('#subject').value.trim()));
refresh();
