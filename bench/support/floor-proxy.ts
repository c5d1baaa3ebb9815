// The floor for bench:provider: the least a Node proxy can do on this machine — node:http server, the body read
// whole, one request to the upstream through ClawGrid's own upstream client (routing/ollama-upstream.ts: undici's
// keep-alive Pool, as ClawGrid), the answer piped back. No auth, no parsing, no planning, no metering. It
// shows what part of ClawGrid's added latency is the extra loopback hop itself rather than ClawGrid's own work.
import http from 'node:http';
import { createOllamaUpstream } from '../../src/main/routing/ollama-upstream';

export function startFloorProxy(upstreamUrl: string): Promise<string> {
  const upstream = createOllamaUpstream(upstreamUrl);
  const server = http.createServer({ keepAlive: true }, (req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const ctl = new AbortController();
      upstream.send(req.method ?? 'POST', req.url ?? '/', Buffer.concat(chunks), ctl.signal).then(
        (ur) => {
          res.writeHead(ur.status, { 'content-type': ur.contentType || 'application/json' });
          ur.body.pipe(res);
        },
        () => res.destroy(),
      );
    });
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(`http://127.0.0.1:${(server.address() as { port: number }).port}`)));
}
