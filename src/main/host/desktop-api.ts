import fs from 'node:fs';
import path from 'node:path';
import type { Container } from '../container';
import { newToken } from './auth';
import { startHostServer, type HostServer } from './host-server';

/** Where the desktop app tells scripts how to reach its REST API: `<dataDir>/rest-api.json`, mode 0600. */
export const REST_API_FILE = 'rest-api.json';

export interface DesktopApi {
  readonly server: HostServer;
  readonly file: string;
  close(): Promise<void>;
}

/**
 * The REST API for scripts inside the desktop app, with the headless host's rules: 127.0.0.1 only, a fresh
 * token per start, Host and Origin checked. API only (the window uses IPC, not HTTP). Port from settings
 * (`hostPort`), a free one when that is taken (e.g. a headless host is running too).
 */
export async function startDesktopApi(container: Container, opts: { port?: number; token?: string } = {}): Promise<DesktopApi> {
  const token = opts.token ?? newToken();
  const wanted = opts.port ?? container.settings.get().hostPort;
  const server = await startHostServer({ container, token, rendererDir: null, port: wanted }).catch((err: NodeJS.ErrnoException) => {
    if (err.code !== 'EADDRINUSE') throw err;
    return startHostServer({ container, token, rendererDir: null, port: 0 });
  });
  const apiUrl = `http://127.0.0.1:${server.port}/api/`;
  const file = path.join(container.dataDir, REST_API_FILE);
  writePrivate(file, JSON.stringify({ url: apiUrl, token, pid: process.pid, example: `curl -H "Authorization: Bearer <token>" ${apiUrl}health` }, null, 2) + '\n');
  // The token is not logged: the log line says where to read it.
  container.log.info('host.rest_api', { url: apiUrl, tokenFile: file });
  return {
    server,
    file,
    async close() {
      fs.rmSync(file, { force: true });
      await server.close();
    },
  };
}

/** Written 0600 from the first byte (no window where another user could read the token), replacing any old file. */
function writePrivate(file: string, text: string): void {
  const tmp = `${file}.${process.pid}.tmp`;
  fs.rmSync(tmp, { force: true });
  const fd = fs.openSync(tmp, 'wx', 0o600);
  try {
    fs.writeSync(fd, text);
  } finally {
    fs.closeSync(fd);
  }
  fs.chmodSync(tmp, 0o600);
  fs.renameSync(tmp, file);
}
