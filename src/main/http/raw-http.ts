import http from 'node:http';

/**
 * A request with headers `fetch` will not let a caller forge (`Host`, a lying `Content-Length`): what a
 * DNS-rebinding page or a broken client sends. Used by the integration tests of every HTTP surface (host,
 * REST API, devnet, provider). The response head and body as received.
 */
export function rawRequest(
  port: number,
  path: string,
  headers: Record<string, string>,
  method = 'GET',
  body?: string,
): Promise<{ status: number; body: string; headers: http.IncomingHttpHeaders }> {
  return new Promise((resolve, reject) => {
    const req = http.request({ host: '127.0.0.1', port, path, method, headers, setHost: !('host' in headers) }, (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (c: string) => (text += c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: text, headers: res.headers }));
    });
    req.on('error', reject);
    if (body === undefined) req.end();
    else if (Number(headers['content-length']) > Buffer.byteLength(body)) req.write(body); // declares more than it sends: never ended
    else req.end(body);
  });
}
