// End-to-end driver of the demo page in headless Debian Chromium (playwright-core, no browser download).
// Usage: node demo.e2e.mjs <page url> <screenshot path> [overall timeout ms]
// Line protocol. Out: `NODE <node>` once the page is connected (`NODE -` over SSE, which has no node);
// `LOG <text>` (page errors, for the log).
// In → out:  `EXPECT <n> [timeout ms]` → `OK <n> node=<node> reconnects=<k> duplicates=<d> errors=<e>
//            connectedAt=<epoch ms> resumed=<bool> transport=<websocket|sse>` or `FAIL <reason>` (the page's received list has exactly
//            n records whose data.seq are 0..n-1 once each, offsets strictly increasing per partition);
//            `DETAIL <key> <n> [timeout ms]` → `OK <n> history=<h> live=<l> overlap=0 connections=1 node=<node>
//            session=<id> duplicates=<d> records=<partition>:<offset>,…` or `FAIL <reason>` (clicks the order's
//            row unless its detail is shown already; then the detail panel holds exactly n records of <key>,
//            h from history and l live, oldest first, each (partition, offset) once and offsets strictly
//            increasing per partition; its keyed subscription is live; the page had exactly one connection
//            before the command and still has that one);
//            `PANELS` → `PANELS <json>`: the price board and Topics panels now (state and what their DOM shows);
//            `SHOT` → `SHOT <path>`; `QUIT` (or end of input) → `DONE`, exit 0.
// Bounded: every wait has a timeout, and the whole run ends after [overall timeout ms] (default 240 s).
import { createInterface } from 'node:readline';
import { chromium } from 'playwright-core';

const [url, shotPath, overallArg] = process.argv.slice(2);
if (!url || !shotPath) {
  console.error('usage: node demo.e2e.mjs <page url> <screenshot path> [overall timeout ms]');
  process.exit(64);
}
const CHROMIUM = process.env.LOGCAST_E2E_CHROMIUM || '/usr/bin/chromium';
const say = (line) => process.stdout.write(`${line}\n`);
const oneLine = (s) => String(s).replace(/\x1b\[[0-9;]*m/g, '').replace(/\s+/g, ' ').slice(0, 500);
const pause = (ms) => new Promise((r) => setTimeout(r, ms));

let browser = null;
async function finish(code, line) {
  if (line) say(line);
  const closing = browser?.close().catch(() => {});
  await Promise.race([closing, pause(10_000)]); // never hang on a stuck browser
  process.exit(code);
}
const overall = setTimeout(() => finish(2, 'FAIL overall timeout'), Number(overallArg) || 240_000);
overall.unref();

browser = await chromium.launch({
  executablePath: CHROMIUM, // Debian's chromium; playwright-core never downloads one
  headless: true,
  chromiumSandbox: false,
  timeout: 60_000,
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
    '--disable-background-networking', '--disable-component-update', '--disable-sync'],
}).catch((e) => finish(3, `FAIL cannot launch ${CHROMIUM}: ${oneLine(e.message)}`));
const page = await browser.newPage({ viewport: { width: 1360, height: 900 } });
page.setDefaultTimeout(30_000);
page.on('pageerror', (e) => say(`LOG pageerror ${oneLine(e.message)}`));
page.on('console', (m) => m.type() === 'error' && say(`LOG console ${oneLine(m.text())}`));

try {
  await page.goto(url, { waitUntil: 'load', timeout: 30_000 });
  await page.waitForFunction(() => window.__logcastDemo?.state === 'connected' && window.__logcastDemo.connections.length,
    null, { timeout: 30_000, polling: 100 });
  say(`NODE ${await page.evaluate(() => window.__logcastDemo.node) ?? '-'}`);
} catch (e) {
  await finish(4, `FAIL page did not connect: ${oneLine(e.message)}`);
}

/** What the page holds now: records as [seq, partition, offset], and the connection details. */
const snapshot = () => page.evaluate(() => {
  const d = window.__logcastDemo, last = d.connections.at(-1) ?? {};
  return {
    records: d.received.map((r) => [r.data?.seq, r.partition, r.offset]),
    node: d.node, state: d.state, reconnects: d.reconnects, duplicates: d.duplicates, errors: d.errors.length,
    connectedAt: last.at, resumed: last.resumed, transport: last.transport,
  };
});

function verify(records, n) {
  if (records.length !== n) return `expected ${n} records, the page has ${records.length}`;
  const seen = new Set(), lastOffset = new Map();
  for (const [seq, partition, offset] of records) {
    if (!Number.isInteger(seq) || seq < 0 || seq >= n) return `record p${partition}@${offset} has seq ${seq}`;
    if (seen.has(seq)) return `seq ${seq} received twice (again at p${partition}@${offset})`;
    seen.add(seq);
    const prev = lastOffset.get(partition) ?? -1;
    if (!(offset > prev)) return `partition ${partition}: offset ${offset} after ${prev}`;
    lastOffset.set(partition, offset);
  }
  return null; // n distinct seqs in [0, n): every one exactly once
}

async function expect(n, timeoutMs) {
  try {
    await page.waitForFunction((k) => window.__logcastDemo.received.length >= k, n,
      { timeout: timeoutMs, polling: 100 });
  } catch {
    const s = await snapshot();
    return `FAIL timeout: ${s.records.length} of ${n} records after ${timeoutMs} ms (node=${s.node} state=${s.state})`;
  }
  await pause(1_000); // let a late duplicate show itself before counting
  const s = await snapshot();
  const problem = verify(s.records, n);
  if (problem) return `FAIL ${problem}`;
  return `OK ${n} node=${s.node} reconnects=${s.reconnects} duplicates=${s.duplicates} errors=${s.errors} ` +
    `connectedAt=${s.connectedAt} resumed=${s.resumed} transport=${s.transport}`;
}

/** The detail panel now, and the page's connections. */
const detailSnapshot = () => page.evaluate(() => {
  const d = window.__logcastDemo, t = d.detail;
  return {
    key: t?.key, live: t?.live, history: t?.history, overlap: t?.overlap, error: t?.error,
    records: (t?.records ?? []).map((r) => [r.key, r.partition, r.offset]),
    connections: d.connections.length, session: d.connections.at(-1)?.session, node: d.node, duplicates: d.duplicates,
  };
});

function verifyDetail(s, key, n) {
  if (s.error) return `the detail panel stopped: ${s.error}`;
  if (!s.live) return 'the detail subscription is not live';
  if (s.overlap) return `${s.overlap} live records the history already held`;
  if (s.records.length !== n) return `expected ${n} detail records, the panel has ${s.records.length}`;
  const seen = new Set(), lastOffset = new Map();
  for (const [k, partition, offset] of s.records) {
    if (k !== key) return `record p${partition}@${offset} of key ${k} in the detail of ${key}`;
    if (seen.has(`${partition}:${offset}`)) return `p${partition}@${offset} twice in the detail`;
    seen.add(`${partition}:${offset}`);
    const prev = lastOffset.get(partition) ?? -1;
    if (!(offset > prev)) return `detail partition ${partition}: offset ${offset} after ${prev}`;
    lastOffset.set(partition, offset);
  }
  return null;
}

async function detail(key, n, timeoutMs) {
  const before = await detailSnapshot();
  if (before.connections !== 1) return `FAIL ${before.connections} connections before DETAIL (expected 1)`;
  if (before.key !== key) {
    await page.locator(`#rows tr.pick[data-key=${JSON.stringify(key)}]`).click({ timeout: timeoutMs });
  }
  try {
    await page.waitForFunction(([k, m]) => {
      const t = window.__logcastDemo.detail;
      return t?.key === k && (t.error || (t.live && t.records.length >= m));
    }, [key, n], { timeout: timeoutMs, polling: 100 });
  } catch {
    const s = await detailSnapshot();
    return `FAIL timeout: the detail of ${s.key} has ${s.records.length} of ${n} records after ${timeoutMs} ms ` +
      `(live=${s.live} history=${s.history})`;
  }
  await pause(1_000); // let a late duplicate show itself before counting
  const s = await detailSnapshot();
  const problem = verifyDetail(s, key, n)
    ?? (s.connections !== 1 || s.session !== before.session
      ? `the page has ${s.connections} connections (session ${s.session}, was ${before.session})` : null);
  if (problem) return `FAIL ${problem}`;
  return `OK ${n} history=${s.history} live=${n - s.history} overlap=${s.overlap} connections=${s.connections} ` +
    `node=${s.node} session=${s.session} duplicates=${s.duplicates} ` +
    `records=${s.records.map(([, p, o]) => `${p}:${o}`).join(',')}`;
}

/** The price board (its state, and the symbols of its tiles in DOM order) and the Topics panel. */
const panels = () => page.evaluate(() => {
  const { prices, topics } = window.__logcastDemo;
  const board = {};
  for (const [symbol, m] of prices.board) {
    board[symbol] = { partition: m.partition, offset: m.offset, bid: m.data?.bid, snapshot: !!m.snapshot };
  }
  const texts = (sel) => [...document.querySelectorAll(sel)].map((e) => e.textContent);
  return {
    prices: { snapshot: prices.snapshot?.count ?? null, starts: prices.starts, live: prices.live,
      delisted: prices.delisted, error: prices.error, board, tiles: texts('#prices-board .tile b') },
    topics: { ready: topics.ready, error: topics.error, counts: topics.counts, rows: texts('#topics-rows th') },
  };
});

const input = createInterface({ input: process.stdin, terminal: false });
for await (const raw of input) {
  const [cmd, ...args] = raw.trim().split(/\s+/);
  try {
    if (cmd === 'EXPECT') {
      say(await expect(Number(args[0]), Number(args[1]) || 60_000));
    } else if (cmd === 'DETAIL') {
      say(await detail(args[0], Number(args[1]), Number(args[2]) || 60_000));
    } else if (cmd === 'PANELS') {
      say(`PANELS ${JSON.stringify(await panels())}`);
    } else if (cmd === 'SHOT') {
      await page.screenshot({ path: shotPath, animations: 'disabled', timeout: 30_000 });
      say(`SHOT ${shotPath}`);
    } else if (cmd === 'QUIT') {
      break;
    } else if (cmd) {
      say(`FAIL unknown command ${oneLine(raw)}`);
    }
  } catch (e) {
    say(`FAIL ${cmd}: ${oneLine(e.message)}`);
  }
}
await finish(0, 'DONE');
