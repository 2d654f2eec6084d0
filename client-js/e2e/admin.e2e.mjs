// Driver of the gateway's admin page (management port, /admin/) in headless Debian Chromium
// (playwright-core, no browser download), for gateway's AdminPageIT.
// Usage: node admin.e2e.mjs <page url> [overall timeout ms]
// One JSON command per line on stdin, one answer line on stdout (`LOG <text>` lines are for the log):
//   {"op":"text","sel":S}                          -> `TEXT <textContent, trimmed>` or `FAIL <reason>`
//   {"op":"wait","sel":S,"match":RE,"timeout":MS}  -> `OK <text>` once S's text matches RE, else `FAIL <last text>`
//   {"op":"fill","sel":S,"value":V} / {"op":"click","sel":S} -> `OK` (confirm dialogs are accepted)
//   {"op":"shot","path":P}                         -> `SHOT <path>` (the full page)
//   {"op":"quit"} (or end of input)                -> `DONE`, exit 0
import { createInterface } from 'node:readline';
import { chromium } from 'playwright-core';

const [url, overallArg] = process.argv.slice(2);
if (!url) {
  console.error('usage: node admin.e2e.mjs <page url> [overall timeout ms]');
  process.exit(64);
}
const CHROMIUM = process.env.LOGCAST_E2E_CHROMIUM || '/usr/bin/chromium';
const say = (line) => process.stdout.write(`${line}\n`);
const oneLine = (s) => String(s).replace(/\x1b\[[0-9;]*m/g, '').replace(/\s+/g, ' ').trim().slice(0, 500);
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
  executablePath: CHROMIUM,
  headless: true,
  chromiumSandbox: false,
  timeout: 60_000,
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
    '--disable-background-networking', '--disable-component-update', '--disable-sync'],
}).catch((e) => finish(3, `FAIL cannot launch ${CHROMIUM}: ${oneLine(e.message)}`));
const page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
page.setDefaultTimeout(30_000);
page.on('pageerror', (e) => say(`LOG pageerror ${oneLine(e.message)}`));
page.on('console', (m) => m.type() === 'error' && say(`LOG console ${oneLine(m.text())}`));
page.on('dialog', (d) => d.accept()); // the page confirms its actions

try {
  await page.goto(url, { waitUntil: 'load', timeout: 30_000 });
  say('READY');
} catch (e) {
  await finish(4, `FAIL page did not load: ${oneLine(e.message)}`);
}

const textOf = (sel) => page.evaluate((s) => document.querySelector(s)?.textContent ?? null, sel);

async function waitFor(sel, match, timeoutMs) {
  const re = new RegExp(match);
  const until = Date.now() + (timeoutMs || 20_000);
  let last = null;
  while (Date.now() < until) {
    last = await textOf(sel);
    if (last != null && re.test(oneLine(last))) return `OK ${oneLine(last)}`;
    await pause(100);
  }
  return `FAIL ${sel} is ${last == null ? 'absent' : `"${oneLine(last)}"`}, not /${match}/`;
}

async function run(cmd) {
  switch (cmd.op) {
    case 'text': {
      const t = await textOf(cmd.sel);
      return t == null ? `FAIL ${cmd.sel} is absent` : `TEXT ${oneLine(t)}`;
    }
    case 'wait': return waitFor(cmd.sel, cmd.match, cmd.timeout);
    case 'fill': await page.fill(cmd.sel, cmd.value); return 'OK';
    case 'click': await page.click(cmd.sel); return 'OK';
    case 'shot': await page.screenshot({ path: cmd.path, fullPage: true }); return `SHOT ${cmd.path}`;
    default: return `FAIL unknown op ${cmd.op}`;
  }
}

for await (const line of createInterface({ input: process.stdin })) {
  if (!line.trim()) continue;
  let cmd;
  try {
    cmd = JSON.parse(line);
  } catch {
    say(`FAIL not JSON: ${oneLine(line)}`);
    continue;
  }
  if (cmd.op === 'quit') break;
  say(await run(cmd).catch((e) => `FAIL ${oneLine(e.message)}`));
}
await finish(0, 'DONE');
