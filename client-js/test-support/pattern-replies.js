// The server's side of a topic pattern subscription against a fake socket (the patterns-*.test.js files).
import { Logcast } from '../src/logcast.js';
import { connected, msg, EPOCH } from './fakes.js';

export const reply = (id, topics, over = {}) => ({ type: 'subscribed', id, pattern: 'orders.*', topics, ...over });
export const started = (topic, over = {}) => ({ type: 'subscribed', topic, epoch: EPOCH, recovered: true, reason: null,
  offsets: { 0: 0 }, ...over });
export const on = (topic, partition, offset, over = {}) => msg(partition, offset, { topic, ...over });
export const patternSub = (ws) => ws.all('subscribe').filter((s) => s.pattern).at(-1);

/** Connected, subscribed to orders.* covering orders.eu and orders.us. */
export async function withPattern(options = {}, subOptions = {}) {
  const h = await connected(Logcast, options);
  h.got = [];
  h.added = [];
  h.sub = h.lc.subscribe('orders.*', { onMessage: (m) => h.got.push(`${m.topic}@${m.partition}:${m.offset}`),
    onTopic: (t) => h.added.push(t), ...subOptions });
  h.ws.receive(reply(patternSub(h.ws).id, ['orders.eu', 'orders.us']), started('orders.eu'), started('orders.us'));
  return h;
}
