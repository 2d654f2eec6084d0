// A minimal Socket.IO 4 broadcaster for the load benchmarks (node server.js <port> [pingIntervalMs]).
// A client emits "sub" with a room name and gets "subscribed"; POST /publish/<room> with a JSON
// body emits it to the room as event "m" (Socket.IO encodes a room broadcast once).
'use strict';
const http = require('node:http');
const { Server } = require('socket.io');

const port = Number(process.argv[2] || 18300);
// only `load --heartbeat-seconds` sets it: otherwise Socket.IO's own default applies
const ping = process.argv[3] ? { pingInterval: Number(process.argv[3]) } : {};
const server = http.createServer((req, res) => {
  const m = /^\/publish\/([\w-]+)$/.exec(req.url || '');
  if (req.method !== 'POST' || !m) {
    res.writeHead(404).end();
    return;
  }
  const chunks = [];
  req.on('data', (c) => chunks.push(c));
  req.on('end', () => {
    try {
      io.to(m[1]).emit('m', JSON.parse(Buffer.concat(chunks).toString('utf8')));
      res.writeHead(200).end();
    } catch (e) {
      res.writeHead(400).end();
    }
  });
});
const io = new Server(server, { transports: ['websocket'], serveClient: false, perMessageDeflate: false, ...ping });
io.on('connection', (socket) => {
  socket.on('sub', (room) => {
    socket.join(String(room));
    socket.emit('subscribed');
  });
});
server.listen(port, '127.0.0.1', () => console.log(`socket.io peer on 127.0.0.1:${port}`));
