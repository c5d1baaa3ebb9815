import http from 'node:http';

/**
 * A request with headers `fetch` will not let a caller forge (`Host`): what a DNS-rebinding page sends.
 * Used by the integration tests of every HTTP surface (host, devnet).
 */
export function rawRequest(port: number, path: string, headers: Record<string, string>, method = 'GET'): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = http.request({ host: '127.0.0.1', port, path, method, headers, setHost: !('host' in headers) }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (c: string) => (body += c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
    });
    req.on('error', reject);
    req.end();
  });
}
