// The floor for bench:provider: the least a Node proxy can do on this machine — node:http server, one keep-alive
// node:http request to the upstream, the body piped back. No auth, no parsing, no planning, no metering. It shows
// what part of ClawGrid's added latency is the extra loopback hop itself rather than ClawGrid's own work.
import http from 'node:http';

export function startFloorProxy(upstreamUrl: string): Promise<string> {
  const u = new URL(upstreamUrl);
  const agent = new http.Agent({ keepAlive: true, maxSockets: 256 });
  const server = http.createServer({ keepAlive: true }, (req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks);
      const up = http.request(
        { host: u.hostname, port: u.port, method: req.method, path: req.url, agent, headers: { 'content-type': 'application/json', 'content-length': body.length } },
        (ur) => {
          res.writeHead(ur.statusCode ?? 502, { 'content-type': String(ur.headers['content-type'] ?? 'application/json') });
          ur.pipe(res);
        },
      );
      up.on('error', () => res.destroy());
      up.end(body);
    });
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(`http://127.0.0.1:${(server.address() as { port: number }).port}`)));
}
