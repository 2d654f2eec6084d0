// Topics panel: one pattern subscription (dev mode: demo.*) from latest, and a message counter per
// concrete topic it covers; topics created later that match appear on their own. A topic the page
// subscribes directly as well (the order list, the price board) is shared with the pattern: one
// server subscription, every message to both, the pattern counting from where that one is.
import { $, flash } from './demo-ui.js';

/**
 * Subscribes `pattern`; subscribe it after the page's direct subscriptions (a snapshot cannot take
 * a topic a pattern holds already). What a test reads: window.__logcastDemo.topics = {pattern,
 * ready, counts: {topic: messages}, error}.
 */
export function startTopics(lc, demo, pattern) {
  const state = demo.topics = { pattern, ready: false, counts: {}, error: null };
  if (!pattern) { $('topics').hidden = true; return; }
  $('topics-pattern').textContent = pattern;
  const rows = new Map(), last = {}, changed = new Set();
  let frame = false;

  const sub = lc.subscribe(pattern, {
    from: 'latest',
    onTopic(topic) { state.counts[topic] ??= 0; changed.add(topic); schedule(); },
    onMessage(m) {
      state.counts[m.topic] = (state.counts[m.topic] ?? 0) + 1;
      changed.add(m.topic); schedule();
    },
    onTopicError(e, topic) { hint(`${topic}: ${e.code}: ${e.message}`, 'bad'); },
    onError(e) {
      state.error = `${e.code}: ${e.message}`;
      hint(e.code === 'bad_request' && /WebSocket/.test(e.message) ? 'Topic patterns need the WebSocket transport.'
        : `Not subscribed: ${state.error}`, 'bad');
    },
  });
  sub.ready().then(({ topics }) => {
    state.ready = true;
    if (!topics.length) hint(`No topic matches ${pattern} yet; one created later shows up within seconds.`);
  }, () => {});

  function schedule() {
    if (!frame) { frame = true; requestAnimationFrame(render); }
  }

  function render() {
    frame = false;
    const tbody = $('topics-rows');
    for (const topic of changed) {
      let tr = rows.get(topic);
      if (!tr) {
        tr = document.createElement('tr'); tr.dataset.topic = topic;
        const th = document.createElement('th'); th.scope = 'row'; th.textContent = topic;
        tr.append(th, cell('num count'), cell('num rate'));
        rows.set(topic, tr);
        tbody.querySelector('tr.empty')?.remove();
        tbody.insertBefore(tr, [...rows.values()].find((r) => r !== tr && r.dataset.topic > topic) ?? null);
        hint('');
      }
      tr.querySelector('.count').textContent = state.counts[topic].toLocaleString();
      if (state.counts[topic]) flash(tr.querySelector('.count'), '#fff1b8', 600);
    }
    changed.clear();
  }

  // once a second: messages per second of each topic
  setInterval(() => {
    for (const [topic, tr] of rows) {
      tr.querySelector('.rate').textContent = ((state.counts[topic] ?? 0) - (last[topic] ?? 0)).toLocaleString();
      last[topic] = state.counts[topic] ?? 0;
    }
  }, 1000);
}

function cell(cls) {
  const td = document.createElement('td'); td.className = cls; td.textContent = '0';
  return td;
}

function hint(text, tone = '') {
  $('topics-hint').textContent = text;
  $('topics-hint').dataset.tone = tone;
  $('topics-hint').hidden = !text;
}
