#!/usr/bin/env node
// A stand-in for `openclaw gateway run`: serves /healthz like OpenClaw's gateway ({"ok":true,"status":"live"}),
// appends one line per start to $FAKE_GATEWAY_LOG, and can be told to crash (/crash), to turn unhealthy
// (/sick: /healthz answers 503), or to exit at once on start while $FAKE_GATEWAY_CRASH_FILE exists.
import fs from 'node:fs';
import http from 'node:http';

const port = Number(process.argv[process.argv.indexOf('--port') + 1]);
const log = process.env.FAKE_GATEWAY_LOG;
if (log) fs.appendFileSync(log, `start ${process.pid} ${Date.now()}\n`);
const crashFile = process.env.FAKE_GATEWAY_CRASH_FILE;
if (crashFile && fs.existsSync(crashFile)) {
  process.stderr.write('fake gateway: refusing to start (crash file present)\n');
  process.exit(3);
}
let sick = false;
const server = http.createServer((req, res) => {
  if (req.url === '/crash') {
    res.end('bye');
    process.stderr.write('fake gateway: crashing on request\n');
    setTimeout(() => process.exit(1), 10);
    return;
  }
  if (req.url === '/sick') sick = true;
  if (req.url === '/healthz' && !sick) {
    res.writeHead(200, { 'content-type': 'application/json' });
    return void res.end(JSON.stringify({ ok: true, status: 'live' }));
  }
  res.writeHead(sick ? 503 : 404).end();
});
server.listen(port, '127.0.0.1');
process.on('SIGTERM', () => {
  if (log) fs.appendFileSync(log, `sigterm ${process.pid} ${Date.now()}\n`);
  server.close(() => process.exit(0));
  server.closeAllConnections();
});
