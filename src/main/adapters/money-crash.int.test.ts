import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fmt, openMoneyClient } from './testing/money-client';
import { startMoneyRig, type MoneyRig } from './testing/money-rig';

// Issue #14 item 2: kill -9 mid-burst (ClawGrid's money path in a child process, the devnet and its miner keep
// running here), then a restart on the same data dir settles every job from the coordinator's and the chain's word.
const CHILD = path.resolve('src/main/adapters/testing/money-burst-child.ts');
let rig: MoneyRig;
let dir: string;
beforeAll(async () => {
  rig = await startMoneyRig({ tokenDelayMs: 25 });
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cg-money-crash-'));
}, 60_000);
afterAll(async () => {
  await rig?.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

describe('kill -9 mid-burst, then a restart', () => {
  it('ends within 90 s with ledger total == chain total, no held reservation for a finished job, no doubled entry', async () => {
    const child = spawn(process.execPath, ['--import', 'tsx', CHILD, dir, rig.h.devnet.url, rig.loginKey, rig.walletKey, '40', '100'], { stdio: ['ignore', 'pipe', 'pipe'] });
    const lines: string[] = [];
    let buf = '';
    const created = new Promise<void>((resolve) =>
      child.stdout!.on('data', (c: Buffer) => {
        buf += c.toString();
        const parts = buf.split('\n');
        buf = parts.pop() ?? '';
        lines.push(...parts);
        if (lines.filter((l) => l.startsWith('J ')).length >= 20) resolve();
      }),
    );
    const exited = new Promise<number | null>((r) => child.on('exit', (code) => r(code)));
    await created;
    child.kill('SIGKILL');
    expect(await exited).toBe(null);
    const done = lines.filter((l) => l.startsWith('D ')).length;

    const c = openMoneyClient({ dataDir: dir, devnetUrl: rig.h.devnet.url, loginKey: rig.loginKey, walletKey: rig.walletKey, limitAit: '100' }); // restart
    const t0 = Date.now();
    try {
      const heldAtStart = c.ledger.held().length;
      await c.resume();
      const deadline = t0 + 90_000;
      while (Date.now() < deadline && (c.ledger.held().length > 0 || c.spent() !== rig.charged().total)) {
        await new Promise((r) => setTimeout(r, 500));
        await c.resume();
      }
      const charged = rig.charged();
      const booked = c.spentByJob();
      const mismatched = [...charged.byJob].filter(([j, v]) => (booked.get(j) ?? 0n) !== v);
      console.log(`[crash] killed after ${lines.filter((l) => l.startsWith('J ')).length} jobs (${done} answered); held at restart ${heldAtStart}; after ${((Date.now() - t0) / 1000).toFixed(1)} s: ledger ${fmt(c.spent())} AIT, chain ${fmt(charged.total)} AIT, ${mismatched.length} jobs differ, held ${c.ledger.held().length}`);
      expect(charged.total).toBeGreaterThan(0n); // the kill found money moving
      expect(c.ledger.verify()).toEqual([]);
      expect(mismatched.map(([j, v]) => [j, fmt(v), fmt(booked.get(j) ?? 0n)])).toEqual([]);
      expect(c.spent()).toBe(charged.total);
      expect(c.ledger.held()).toEqual([]);
      const settles = c.ledger.entries({ limit: 1_000_000, kinds: ['settle'] }).filter((e) => e.jobId);
      expect(new Set(settles.map((e) => e.jobId)).size).toBe(settles.length); // no doubled entry
      expect(Date.now() - t0).toBeLessThan(90_000);
    } finally {
      await c.close();
    }
  }, 150_000);
});
