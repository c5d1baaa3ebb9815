import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { FAKE_NVIDIA_SMI_DIR } from '../../test-support/fake-nvidia-smi/path';

export interface Served {
  url: string;
  origin: string;
  token: string;
  child: ChildProcess;
  dataDir: string;
  stop(): Promise<void>;
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const addr = srv.address();
      srv.close(() => resolve(typeof addr === 'object' && addr ? addr.port : 0));
    });
  });
}

/**
 * A returning user's data dir: settings.json records that the first-run setup already ended (as it does after a
 * person finished or skipped it), so the window opens on the dashboard. Other settings already there are kept.
 */
export function markSetupDone(dataDir: string): void {
  const file = path.join(dataDir, 'settings.json');
  const current = fs.existsSync(file) ? (JSON.parse(fs.readFileSync(file, 'utf8')) as Record<string, unknown>) : {};
  fs.mkdirSync(dataDir, { recursive: true });
  fs.writeFileSync(file, JSON.stringify({ ...current, setup: { outcome: 'skipped', at: Date.now(), skippedSteps: [] } }, null, 2));
}

/**
 * Starts `npm run serve` exactly as a user would (fake nvidia-smi first on PATH) and waits for its URL.
 * The data dir is a returning user's unless `firstRun` is set: then it is empty and the window opens "Set up ClawGrid".
 */
export async function startServe(extraEnv: Record<string, string> = {}, opts: { firstRun?: boolean } = {}): Promise<Served> {
  const dataDir = extraEnv.CLAWGRID_DATA_DIR ?? fs.mkdtempSync(path.join(os.tmpdir(), 'cg-e2e-'));
  if (!opts.firstRun) markSetupDone(dataDir);
  const port = await freePort();
  const closedPort = await freePort(); // nothing listens there: Ollama is absent
  const child = spawn(process.execPath, ['bin/serve.mjs'], {
    cwd: path.resolve(import.meta.dirname, '..', '..'),
    env: {
      ...process.env,
      PATH: `${FAKE_NVIDIA_SMI_DIR}${path.delimiter}${process.env.PATH ?? ''}`,
      CLAWGRID_DATA_DIR: dataDir,
      CLAWGRID_HOST_PORT: String(port),
      CLAWGRID_OLLAMA_URL: `http://127.0.0.1:${closedPort}`,
      ...extraEnv,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stderr = '';
  child.stderr!.on('data', (d: Buffer) => (stderr += d.toString()));
  const url = await new Promise<string>((resolve, reject) => {
    let out = '';
    const timer = setTimeout(() => reject(new Error(`serve did not print its URL in 60 s. stderr:\n${stderr}`)), 60_000);
    child.stdout!.on('data', (d: Buffer) => {
      out += d.toString();
      const m = /ClawGrid running at (\S+)/.exec(out);
      if (m) {
        clearTimeout(timer);
        resolve(m[1]!);
      }
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`serve exited with ${code}. stderr:\n${stderr}`));
    });
  });
  const parsed = new URL(url);
  return {
    url,
    origin: parsed.origin,
    token: new URLSearchParams(parsed.hash.slice(1)).get('token') ?? '',
    child,
    dataDir,
    async stop() {
      if (child.exitCode === null) {
        const exited = new Promise((r) => child.once('exit', r));
        child.kill('SIGTERM');
        await exited;
      }
      fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
