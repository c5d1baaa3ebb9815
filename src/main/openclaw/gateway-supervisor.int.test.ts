import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { freePort } from '../../../test-support/free-port';
import type { GatewaySupervision } from '../../shared/contract/openclaw';
import { probeGateway } from './gateway-probe';
import { createGatewaySupervisor, type GatewaySupervisor } from './gateway-supervisor';

const SCRIPT = path.resolve(__dirname, '../../../test-support/fake-gateway/gateway.mjs');


/** Waits for a condition (the deadline only keeps a broken run from hanging; nothing asserts on time). */
async function until<T>(what: string, f: () => T | Promise<T>, ms = 20_000): Promise<NonNullable<T>> {
  const end = Date.now() + ms;
  for (;;) {
    const v = await f();
    if (v) return v as NonNullable<T>;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

const alive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

let sup: GatewaySupervisor | null = null;
let dir = '';
afterEach(async () => {
  await sup?.stop();
  sup = null;
  if (dir) fs.rmSync(dir, { recursive: true, force: true });
});

async function supervise() {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cg-gwsup-'));
  const port = await freePort();
  const log = path.join(dir, 'gateway.log');
  const crashFile = path.join(dir, 'crash');
  const changes: GatewaySupervision[] = [];
  sup = createGatewaySupervisor({
    command: () => ({ file: process.execPath, args: [SCRIPT, '--port', String(port)], env: { ...process.env, FAKE_GATEWAY_LOG: log, FAKE_GATEWAY_CRASH_FILE: crashFile } as Record<string, string> }),
    probe: () => probeGateway(port, { timeoutMs: 500 }),
    policy: { healthEveryMs: 150, startupGraceMs: 5_000, failuresBeforeRestart: 2, backoffBaseMs: 200, backoffMaxMs: 1_600, stableAfterMs: 60_000 },
    stopGraceMs: 3_000,
    onChange: (s) => changes.push(s),
  });
  const starts = () => (fs.existsSync(log) ? fs.readFileSync(log, 'utf8').split('\n').filter((l) => l.startsWith('start')).length : 0);
  const hit = (p: string) => fetch(`http://127.0.0.1:${port}${p}`).then((r) => r.text()).catch(() => '');
  return { sup, port, log, crashFile, changes, starts, hit };
}

describe('gateway supervisor with a real child process', () => {
  it('starts the gateway, restarts it after a crash, and records the restart and its error', async () => {
    const t = await supervise();
    t.sup.start();
    const first = await until('healthy', () => (t.sup.status().phase === 'running' ? t.sup.pid() : null));
    await t.hit('/crash');
    const second = await until('restarted', () => (t.sup.status().phase === 'running' && t.sup.pid() !== first ? t.sup.pid() : null));
    expect(alive(first)).toBe(false);
    expect(alive(second)).toBe(true);
    expect(t.starts()).toBe(2);
    const s = t.sup.status();
    expect(s.restarts).toBe(1);
    expect(s.lastError).toContain('gateway exited with code 1');
    expect(s.lastError).toContain('crashing on request');
    expect((await probeGateway(t.port)).live).toBe(true);
  });

  it('restarts an unhealthy gateway (two failed checks): SIGTERM, then a fresh one', async () => {
    const t = await supervise();
    t.sup.start();
    const first = await until('healthy', () => (t.sup.status().phase === 'running' ? t.sup.pid() : null));
    await t.hit('/sick');
    await until('restarted', () => t.sup.status().phase === 'running' && t.sup.pid() !== first);
    expect(fs.readFileSync(t.log, 'utf8')).toContain(`sigterm ${first}`);
    expect(t.sup.status().lastError).toContain('failed 2 health checks in a row');
  });

  it('backs off longer after each failed start, then recovers once the gateway can start again', async () => {
    const t = await supervise();
    fs.writeFileSync(t.crashFile, '');
    t.sup.start();
    await until('four failed starts', () => t.starts() >= 4);
    // Each restart was scheduled further out than the one before (base 200 ms, doubling).
    const delays = [...new Set(t.changes.filter((c) => c.phase === 'backoff' && c.nextRestartAt && c.lastErrorAt).map((c) => c.nextRestartAt! - c.lastErrorAt!))];
    expect(delays.slice(0, 3)).toEqual([200, 400, 800]);
    expect(t.sup.status().lastError).toContain('exited with code 3');
    fs.rmSync(t.crashFile);
    await until('recovered', () => t.sup.status().phase === 'running');
    expect((await probeGateway(t.port)).live).toBe(true);
  });

  it('stops cleanly: the child is gone, the port is free, and nothing restarts it', async () => {
    const t = await supervise();
    t.sup.start();
    const pid = await until('healthy', () => (t.sup.status().phase === 'running' ? t.sup.pid() : null));
    await t.sup.stop();
    expect(alive(pid)).toBe(false);
    expect(t.sup.status()).toMatchObject({ phase: 'stopped', enabled: false, pid: null, restarts: 0 });
    expect(fs.readFileSync(t.log, 'utf8')).toContain(`sigterm ${pid}`);
    expect((await probeGateway(t.port)).live).toBe(false);
    // Had it been restarted, a second start line would appear within a few health intervals.
    await new Promise((r) => setTimeout(r, 600));
    expect(t.starts()).toBe(1);
  });
});
