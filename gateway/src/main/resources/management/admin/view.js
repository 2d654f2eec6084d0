// DOM helpers: every value goes in as text (textContent), never as markup.
export const $ = (sel) => document.querySelector(sel);

export function cell(text, field, cls) {
  const td = document.createElement('td');
  td.textContent = text;
  if (field) td.dataset.field = field;
  if (cls) td.className = cls;
  return td;
}

/** Replaces a table's rows: one row per item, its cells from {@code cells(item)}, keyed by {@code key}. */
export function rows(tableSel, items, keyName, key, cells) {
  const body = $(`${tableSel} tbody`);
  body.replaceChildren(...items.map((item) => {
    const tr = document.createElement('tr');
    tr.dataset[keyName] = key(item);
    tr.append(...cells(item));
    return tr;
  }));
}

export const num = (n) => (n == null || Number.isNaN(n) ? '–' : Math.round(n).toLocaleString('en-US'));

export function rate(n) {
  if (n == null) return '–';
  return n >= 100 ? num(n) : n.toFixed(1);
}

export function bytes(n) {
  if (n == null) return '–';
  const units = ['B', 'KiB', 'MiB', 'GiB'];
  let i = 0;
  while (n >= 1024 && i < units.length - 1) { n /= 1024; i += 1; }
  return `${n.toFixed(i ? 1 : 0)} ${units[i]}`;
}

export const time = (ms) => (ms ? new Date(ms).toLocaleTimeString() : '–');

export function message(text, isError) {
  const m = $('#message');
  m.textContent = text;
  m.className = isError ? 'error' : '';
}

/** Why an instance is not ready: the checks that are not UP (and the stall reason), or UP. */
export function readiness(ready) {
  if (!ready) return { text: 'UNKNOWN', up: false };
  if (ready.status === 'UP') return { text: 'UP', up: true };
  const failing = Object.entries(ready.checks || {})
    .filter(([k, v]) => (k === 'draining' ? v === true : v !== 'UP')).map(([k]) => k);
  return { text: `${ready.status}${failing.length ? ` (${failing.join(', ')})` : ''}`, up: false };
}
