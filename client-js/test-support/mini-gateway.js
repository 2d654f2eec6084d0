// A tiny in-process gateway for tests on real sockets: the `ws` package's WebSocketServer speaking
// just enough logcast.v1 (hello → welcome, subscribe → subscribed + the stored records, publish →
// published + delivery, ping → pong), and the HTTP history endpoint over the same records.
// One topic log in memory, every record in partition 0. Topic patterns too: `subscribe` with
// `pattern` subscribes the topics that have records, and a topic's first record (its creation
// here) subscribes it for every matching pattern at once, from its start; `unsubscribe` with
// `pattern` ends the pattern and its topics. `from: "snapshot"`: the latest record of every key
// (tombstones left out) marked `snapshot: true`, the `snapshot` object, then live.
import { createServer } from 'node:http';
import { WebSocketServer } from 'ws';

export const MINI_EPOCH = 'mini-epoch-0000000000A';

/** Starts on a free port of 127.0.0.1; `records` are the log's first records ({topic, key, data}). */
export async function startMiniGateway({ records = [], token = null } = {}) {
  const log = []; // {topic, key, partition, offset, timestamp, data}
  const append = (r) => {
    const m = { type: 'message', topic: r.topic, ...(r.key != null && { key: r.key }), partition: 0,
      offset: log.filter((x) => x.topic === r.topic).length, timestamp: Date.now(), data: r.data ?? null };
    log.push(m);
    return m;
  };
  records.forEach(append);
  const received = []; // every object clients sent, in order
  const subs = new Set(); // {socket, topic, key}
  const patterns = new Set(); // {socket, pattern, key, matches}
  const holds = (socket, topic, key) => [...subs].some((s) => s.socket === socket && s.topic === topic && s.key === key);
  const topics = () => [...new Set(log.map((r) => r.topic))].sort();
  const glob = (pattern) => new RegExp(`^${pattern.split('*').map((p) => p.replace(/[.-]/g, '\\$&')).join('.*')}$`);
  /** Subscribes `topic` for a pattern, from `start`: a `subscribed` without id, then its records. */
  const startTopic = (socket, topic, key, start) => {
    subs.add({ socket, topic, key });
    socket.send(JSON.stringify({ type: 'subscribed', topic, ...(key != null && { key }), epoch: MINI_EPOCH,
      recovered: true, reason: null, offsets: { 0: start } }));
    for (const r of log) {
      if (r.topic === topic && r.offset >= start && (key == null || r.key === key)) socket.send(JSON.stringify(r));
    }
  };

  const http = createServer((req, res) => {
    const u = new URL(req.url, 'http://mini');
    const match = /^\/v1\/topics\/([^/]+)\/messages$/.exec(u.pathname);
    const send = (status, body) => {
      res.writeHead(status, { 'Content-Type': 'application/json' });
      res.end(JSON.stringify(body));
    };
    if (req.method !== 'GET' || !match) return send(404, { type: 'error', code: 'not_found', message: 'no route' });
    if (token && req.headers.authorization !== `Bearer ${token}`) {
      return send(401, { type: 'error', code: 'unauthorized', message: 'missing token' });
    }
    const topic = decodeURIComponent(match[1]);
    const key = u.searchParams.get('key');
    const limit = Number(u.searchParams.get('limit') ?? 100);
    const cursor = u.searchParams.get('cursor');
    const backward = (cursor ? cursor.split(':')[0] : u.searchParams.get('direction')) === 'backward';
    let all = log.filter((m) => m.topic === topic && (key == null || m.key === key));
    if (backward) all = all.reverse();
    const start = cursor ? Number(cursor.split(':')[1]) : 0;
    const messages = all.slice(start, start + limit);
    const more = start + limit < all.length;
    const end = log.filter((m) => m.topic === topic).length;
    return send(200, { topic, ...(key != null && { key }), epoch: MINI_EPOCH, direction: backward ? 'backward' : 'forward',
      messages, gaps: [], next: more ? `${backward ? 'backward' : 'forward'}:${start + limit}` : null,
      position: { epoch: MINI_EPOCH, offsets: { 0: end } } });
  });

  const wss = new WebSocketServer({ server: http, path: '/ws',
    handleProtocols: (protocols) => (protocols.has('logcast.v1') ? 'logcast.v1' : false) });
  wss.on('connection', (socket) => {
    const reply = (o) => socket.send(JSON.stringify(o));
    socket.on('message', (data) => {
      const m = JSON.parse(String(data));
      received.push(m);
      switch (m.type) {
        case 'hello':
          if (token && m.token !== token) return socket.close(4001, 'unauthorized');
          return reply({ type: 'welcome', session: 'mini-session', secret: 'mini-secret', resumed: false, node: 'mini',
            heartbeat: 25_000 });
        case 'subscribe': {
          if (m.pattern != null) {
            const p = { socket, pattern: m.pattern, key: m.key ?? null, matches: glob(m.pattern) };
            patterns.add(p);
            const matched = topics().filter((t) => p.matches.test(t));
            reply({ type: 'subscribed', id: m.id, pattern: m.pattern, ...(p.key != null && { key: p.key }), topics: matched });
            for (const t of matched) {
              const end = log.filter((x) => x.topic === t).length;
              if (!holds(socket, t, p.key)) startTopic(socket, t, p.key, m.from === 'earliest' ? 0 : end);
            }
            return undefined;
          }
          const next = log.filter((x) => x.topic === m.topic).length;
          if (m.from === 'snapshot') {
            subs.add({ socket, topic: m.topic, key: m.key ?? null });
            reply({ type: 'subscribed', id: m.id, topic: m.topic, ...(m.key != null && { key: m.key }), epoch: MINI_EPOCH,
              recovered: true, reason: null, offsets: { 0: next } });
            const latest = new Map();
            for (const r of log) if (r.topic === m.topic && (m.key == null || r.key === m.key)) latest.set(r.key ?? null, r);
            const records = [...latest.values()].filter((r) => r.data !== null).reverse(); // in no particular order
            for (const r of records) reply({ ...r, snapshot: true });
            return reply({ type: 'snapshot', topic: m.topic, ...(m.key != null && { key: m.key }), count: records.length,
              offsets: { 0: next } });
          }
          const start = m.from === 'earliest' ? 0 : m.from?.offsets ? (m.from.offsets[0] ?? 0) : next;
          subs.add({ socket, topic: m.topic, key: m.key ?? null });
          reply({ type: 'subscribed', id: m.id, topic: m.topic, ...(m.key != null && { key: m.key }), epoch: MINI_EPOCH,
            recovered: true, reason: null, offsets: { 0: start } });
          for (const r of log) {
            if (r.topic === m.topic && r.offset >= start && (m.key == null || r.key === m.key)) reply(r);
          }
          return undefined;
        }
        case 'publish': {
          const r = append(m);
          reply({ type: 'published', id: m.id, topic: m.topic, partition: 0, offset: r.offset });
          for (const s of subs) {
            if (s.topic === r.topic && (s.key == null || s.key === r.key) && s.socket.readyState === 1) {
              s.socket.send(JSON.stringify(r));
            }
          }
          if (r.offset === 0) { // a new topic: the patterns matching it take it from its start
            for (const p of patterns) {
              if (p.matches.test(r.topic) && !holds(p.socket, r.topic, p.key) && p.socket.readyState === 1) {
                startTopic(p.socket, r.topic, p.key, 0);
              }
            }
          }
          return undefined;
        }
        case 'unsubscribe': {
          if (m.pattern == null) return undefined;
          for (const p of patterns) if (p.socket === socket && p.pattern === m.pattern) patterns.delete(p);
          const matches = glob(m.pattern);
          for (const s of subs) {
            if (s.socket !== socket || !matches.test(s.topic) || s.key !== (m.key ?? null)) continue;
            subs.delete(s);
            reply({ type: 'unsubscribed', id: null, topic: s.topic, ...(s.key != null && { key: s.key }) });
          }
          return reply({ type: 'unsubscribed', id: m.id, pattern: m.pattern });
        }
        case 'ping': return reply({ type: 'pong' });
        default: return undefined;
      }
    });
    socket.on('close', () => {
      for (const s of subs) if (s.socket === socket) subs.delete(s);
      for (const p of patterns) if (p.socket === socket) patterns.delete(p);
    });
  });

  await new Promise((resolve) => http.listen(0, '127.0.0.1', resolve));
  const { port } = http.address();
  return {
    url: `ws://127.0.0.1:${port}/ws`,
    httpUrl: `http://127.0.0.1:${port}/`,
    received,
    log,
    /** Cuts every socket and stops the server. */
    async close() {
      for (const c of wss.clients) c.terminate();
      await new Promise((resolve) => wss.close(resolve));
      await new Promise((resolve) => http.close(resolve));
    },
  };
}
