import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const DIR = path.dirname(fileURLToPath(import.meta.url));
/** The scripted fake `openclaw` executable. */
export const FAKE_OPENCLAW = path.join(DIR, 'openclaw');
/** A `node` that reports v24.21.0 (OpenClaw's minimum is 24.16) and runs the real one. */
export const FAKE_NODE24_DIR = path.join(DIR, 'node24');

export type FakeScenario = 'success' | 'fail-before-swap' | 'fail-after-migration' | 'doctor-fails' | 'dry-run-refuses' | 'recovery-pending';

export interface FakeState {
  version: string;
  originalVersion: string;
  latest: string;
  scenario: FakeScenario;
  gateway: 'running' | 'stopped';
  gatewayVersion: string;
  gatewayStartFails?: boolean;
  /** The gateway does not start on this version (a broken upgrade). */
  gatewayStartFailsOn?: string;
  /** Not run by a service manager: `openclaw gateway stop` fails and it keeps running. */
  gatewayUnmanaged?: boolean;
  /** What the gateway was doing when `update` (not a dry run) ran. */
  gatewayAtApply?: 'running' | 'stopped';
  refuseSet?: string;
  port: number;
  config: Record<string, unknown>;
  agents: { id: string }[];
  sessions: Record<string, unknown>[];
  calls: string[];
}

export interface FakeOpenClaw {
  bin: string;
  nodeBinDir: string;
  /** Env for the CLI (HOME is a private temp dir). */
  env: Record<string, string | undefined>;
  port: number;
  state(): FakeState;
  update(patch: Partial<FakeState>): void;
  close(): Promise<void>;
}

/**
 * Starts a fake OpenClaw: the scripted CLI plus a fake gateway answering /healthz, /readyz and /startupz from
 * the same state (when the state says "stopped" the port refuses connections, as a stopped gateway does).
 */
export async function startFakeOpenClaw(init: Partial<FakeState> = {}): Promise<FakeOpenClaw> {
  const home = fs.mkdtempSync(path.join(os.tmpdir(), 'fake-openclaw-'));
  const stateFile = path.join(home, 'state.json');
  const read = (): FakeState => JSON.parse(fs.readFileSync(stateFile, 'utf8')) as FakeState;
  const write = (s: FakeState) => fs.writeFileSync(stateFile, JSON.stringify(s, null, 2));
  const started = Date.now();
  const server = http.createServer((req, res) => {
    const s = read();
    if (s.gateway !== 'running') return void req.socket.destroy();
    const send = (o: unknown) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify(o));
    };
    if (req.url === '/healthz' || req.url === '/health') return send({ ok: true, status: 'live' });
    if (req.url === '/readyz' || req.url === '/ready') return send({ ready: true, failing: [], uptimeMs: Date.now() - started });
    if (req.url === '/startupz') return send({ ok: true, status: 'started', version: s.gatewayVersion, uptimeMs: Date.now() - started });
    res.writeHead(404).end();
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const port = (server.address() as AddressInfo).port;
  const version = init.version ?? '2026.9.4';
  write({
    version,
    originalVersion: version,
    latest: '2026.9.6',
    scenario: 'success',
    gateway: 'running',
    gatewayVersion: version,
    port,
    config: { gateway: { port }, agents: { entries: { main: {} } } },
    agents: [{ id: 'main' }],
    sessions: [],
    calls: [],
    ...init,
  });
  fs.mkdirSync(path.join(home, '.openclaw'), { recursive: true });
  fs.writeFileSync(path.join(home, '.openclaw', 'openclaw.json'), '{}\n');
  return {
    bin: FAKE_OPENCLAW,
    nodeBinDir: FAKE_NODE24_DIR,
    env: { PATH: process.env.PATH, HOME: home, FAKE_OPENCLAW_STATE: stateFile, FAKE_REAL_NODE: process.execPath },
    port,
    state: read,
    update: (patch) => write({ ...read(), ...patch }),
    async close() {
      server.closeAllConnections();
      await new Promise<void>((r) => server.close(() => r()));
      fs.rmSync(home, { recursive: true, force: true });
    },
  };
}
