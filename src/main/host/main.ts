import path from 'node:path';
import { createContainer } from '../container';
import { newToken } from './auth';
import { startHostServer } from './host-server';
import { announceLine, writeHostUrlFile } from './url-file';

/**
 * Entry of the headless host (`npm run serve`, or `npm start` where Electron cannot run).
 * Prints exactly one line with the URL on stdout (with its token, except under a service manager, whose journal
 * other accounts may read: see url-file.ts); the URL with its token is also in `<data dir>/host-url` (0600). Logs go to stderr.
 */
async function main(): Promise<void> {
  let container;
  try {
    container = createContainer({ host: 'headless' });
  } catch (err) {
    process.stderr.write(`ClawGrid: cannot start: ${err instanceof Error ? err.message : String(err)}\n`);
    process.exit(1);
  }
  await container.start();
  const rendererDir = process.env.CLAWGRID_RENDERER_DIR ?? path.join(__dirname, '..', 'renderer');
  const port = container.settings.get().hostPort;
  let host;
  try {
    host = await startHostServer({ container, token: newToken(), rendererDir, port });
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    process.stderr.write(
      code === 'EADDRINUSE'
        ? `ClawGrid: port ${port} is in use. Set CLAWGRID_HOST_PORT to another port.\n`
        : `ClawGrid: could not start the headless host: ${String(err)}\n`,
    );
    await container.close();
    process.exit(1);
  }
  const file = writeHostUrlFile(container.dataDir, host.url);
  process.stdout.write(announceLine(host.url, { service: process.env.CLAWGRID_SERVICE === '1', file }));

  let stopping = false;
  const stop = async () => {
    if (stopping) return;
    stopping = true;
    await host.close();
    await container.close();
    process.exit(0);
  };
  process.on('SIGINT', () => void stop());
  process.on('SIGTERM', () => void stop());
}

void main();
