// Compiled by test/types.test.js (tsc --noEmit): the declarations accept what they should, and each
// `@ts-expect-error` line must be an error (tsc fails on one that is not).
import { Logcast, LogcastError } from '@logcast/client';
import type { Json, Message, HistoryPage, SubscribedInfo, ConnectedEvent, PatternInfo, PatternSubscription, Position }
  from '@logcast/client';
import { useSubscription, useLatestByKey, useHistory } from '@logcast/client/react';

interface Order { id: string; status: 'new' | 'paid' }
interface Price { symbol: string; value: number }
type Topics = { orders: Order; prices: Price };

// ---- a typed topic map --------------------------------------------------------------------------
const lc = new Logcast<Topics>('/ws');
const orders = lc.subscribe('orders', { onMessage: (m) => { const s: 'new' | 'paid' = m.data.status; void s; } });
orders.on('message', (m) => { const id: string = m.data.id; void id; });
orders.on('recovered', (ok, reason, info) => { const b: boolean = ok; const r: string | null = reason; void b; void r; void info.epoch; });
// @ts-expect-error prices carry Price, not Order
lc.subscribe('prices', { onMessage: (m) => m.data.status });
// @ts-expect-error a topic the map does not name
lc.subscribe('ordrs');
// @ts-expect-error publish data must be the topic's type
lc.publish('orders', { id: 'o1', status: 'shipped' });
lc.publish('orders', { id: 'o1', status: 'paid' }, { key: 'o1' });
// a map of JSON-shaped type aliases is a topic map too, publish included
type Plain = { orders: { id: string } };
const plain = new Logcast<Plain>('/ws');
// @ts-expect-error id must be a string
plain.publish('orders', { id: 1 });
plain.subscribe('orders', { onMessage: (m) => m.data.id.toUpperCase() });
// @ts-expect-error not an event of a subscription
orders.on('connected', () => {});
async function typedHistory() {
  const page: HistoryPage<Order> = await lc.history('orders', { direction: 'backward', limit: 10 });
  const live = lc.subscribe('orders', { from: page.position ?? 'latest' });
  const info: SubscribedInfo = await live.ready();
  const up: ConnectedEvent = await lc.ready();
  void info; void up;
  // @ts-expect-error history takes no position from
  await lc.history('orders', { from: { epoch: 'e', offsets: {} } });
  return page.messages[0]?.data.status;
}
void typedHistory;
for await (const m of lc.subscribe('prices')) { const v: number = m.data.value; void v; }

// ---- topic patterns ---------------------------------------------------------------------------------
type Regional = { 'orders.eu': Order; 'orders.us': Order; prices: Price };
const rl = new Logcast<Regional>('/ws');
const pat = rl.subscribe('orders.*', {
  from: 'earliest',
  onTopic: (t) => { const s: string = t; void s; },
  onMessage: (m) => { const s: 'new' | 'paid' = m.data.status; const t: string = m.topic; void s; void t; },
});
const covered: string[] = pat.topics; void covered;
pat.on('topic', (t) => t.toUpperCase());
pat.on('topicError', (e, t) => { const c: string = e.code; const s: string = t; void c; void s; });
async function patterns() {
  const info: PatternInfo = await pat.ready();
  const ps: Record<string, Position> = pat.positions();
  for await (const m of pat) { const id: string = m.data.id; void id; }
  void info; void ps;
}
void patterns;
// @ts-expect-error a pattern starts at latest, earliest or a time, not a position
rl.subscribe('orders.*', { from: { epoch: 'e', offsets: {} } });
// @ts-expect-error orders.* carries Order, not Price
rl.subscribe('orders.*', { onMessage: (m) => m.data.value });
rl.subscribe('*s', { onMessage: (m) => { const d: Order | Price = m.data; void d; } }); // orders.us and prices
// @ts-expect-error no position() on a pattern: one per topic
pat.position();
const listed: Array<{ state: string }> = rl.subscriptions; void listed;
const explicitPattern: PatternSubscription<Order> = new Logcast('/ws').subscribe<Order>('orders.*'); void explicitPattern;
const untyped = new Logcast('/ws').subscribe('logs.*', { onMessage: (m) => { const d: Json = m.data; void d; } });
const isPattern: PatternSubscription = untyped; void isPattern;

// ---- no map: as before ------------------------------------------------------------------------------
const any = new Logcast('/ws');
any.subscribe('whatever', { onMessage: (m) => { const d: Json = m.data; void d; } });
const explicit = any.subscribe<Order>('orders', { onMessage: (m) => { const s: string = m.data.status; void s; } });
const m0: Message<Order> | undefined = undefined as Message<Order> | undefined; void m0; void explicit;
class Custom { x = 1 }
any.publish('anything', new Custom()); // any data without a map, as before
lc.subscribe<Order>('orders'); // an explicit type still works with a map
const e = new LogcastError('bad_request', 'x', { status: 400, reason: 'epoch' });
const st: number | undefined = e.status; void st;

// ---- hooks ------------------------------------------------------------------------------------------
const sub = useSubscription(lc, 'orders', { keep: 10, reduce: (n: number, m) => n + m.data.id.length, initial: 0 });
const total: number = sub.state; void total;
const last: Order | undefined = sub.last?.data; void last;
// @ts-expect-error hooks know the topic map too
useSubscription(lc, 'nope');
const latest = useLatestByKey(lc, 'orders');
const o: Order | undefined = latest.byKey.get('o1')?.data; void o;
const hist = useHistory(lc, 'prices', { direction: 'backward' });
const p: number | undefined = hist.messages[0]?.data.value; void p;
const more: boolean = hist.loadMore(); void more;
useSubscription(null, 'orders');

// ---- snapshots ----------------------------------------------------------------------------------------
const board = lc.subscribe('prices', {
  from: 'snapshot',
  onMessage: (m) => { const s: true | undefined = m.snapshot; const v: number = m.data.value; void s; void v; },
  onSnapshotStart: (i) => { const again: boolean = i.restart; void again; },
  onSnapshot: (i) => { const n: number = i.count; const o: Record<string, number> = i.offsets; void n; void o; },
});
board.on('snapshot', (i) => i.count.toFixed());
board.on('snapshotStart', (i) => i.offsets);
// @ts-expect-error a pattern has no snapshot
rl.subscribe('orders.*', { from: 'snapshot' });
// @ts-expect-error nor its callbacks
rl.subscribe('orders.*', { onSnapshot: () => {} });
const prices = useLatestByKey(lc, 'prices', { fallback: null });
const loaded: 'loading' | 'ready' | 'none' = prices.snapshot; void loaded;
const refused: string | undefined = prices.snapshotError?.code; void refused;
// @ts-expect-error the fallback is a start, not a position
useLatestByKey(lc, 'prices', { fallback: { epoch: 'e', offsets: {} } });
