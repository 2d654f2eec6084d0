// Small DOM helpers shared by the demo page's modules (demo.js and its panels).

export const $ = (id) => document.getElementById(id);
export const params = new URLSearchParams(location.search);
export const reducedMotion = matchMedia('(prefers-reduced-motion: reduce)').matches;

const STATUSES = new Set(['placed', 'paid', 'packed', 'shipped', 'delivered', 'cancelled']);

/** An order status as a coloured pill. */
export function badge(status) {
  const s = String(status ?? '—');
  const el = document.createElement('span');
  el.className = `badge s-${STATUSES.has(s) ? s : 'other'}`;
  el.textContent = s;
  return el;
}

export function money(v, cur) {
  if (typeof v !== 'number') return v ?? '';
  try { return v.toLocaleString(undefined, { style: 'currency', currency: cur || 'EUR' }); } catch { return String(v); }
}

/** A short background flash on what just changed (none with reduced motion). */
export function flash(el, color, ms = 1400) {
  if (!reducedMotion) el.animate([{ backgroundColor: color }, { backgroundColor: 'transparent' }], { duration: ms, easing: 'ease-out' });
}

/** A panel's topic parameter: the default, or none with `off` (or an empty value). */
export function panelParam(name, fallback) {
  const v = params.get(name);
  return v === null ? fallback : v === 'off' ? '' : v;
}
