// A client on the SSE transport against a fake EventSource, fetch and clock (the sse-*.test.js files).
import { Logcast } from '../src/logcast.js';
import { settle, subscribed, fakeEventSourceClass, fakeFetch, FakeClock } from './fakes.js';

/** A client forced onto SSE (unless options say otherwise), with every fake it talks to. */
export function sseClient(options = {}, answer) {
  const { FakeEventSource, streams } = fakeEventSourceClass();
  const { fetch, calls } = fakeFetch(answer);
  const clock = new FakeClock();
  const events = [];
  const lc = new Logcast('http://gw.test/ws', { transports: ['sse'], EventSource: FakeEventSource, fetch, clock,
    random: () => 0.5, ...options });
  for (const e of ['connecting', 'connected', 'disconnected', 'closed', 'error', 'fallback']) {
    lc.on(e, (d) => events.push([e, d]));
  }
  return { lc, streams, calls, clock, events, last: () => streams.at(-1) };
}

/** Forced SSE, subscribed to `orders` from earliest, stream open and `subscribed` received. */
export async function streaming(options = {}, answer) {
  const h = sseClient(options, answer);
  h.got = [];
  h.sub = h.lc.subscribe('orders', { from: 'earliest', onMessage: (m) => h.got.push(`${m.partition}:${m.offset}`),
    onError: (e) => (h.failed = e) });
  await settle();
  h.last().open();
  h.last().receive(subscribed());
  return h;
}

export const connectedEvents = (h) => h.events.filter(([e]) => e === 'connected').map(([, d]) => d);
