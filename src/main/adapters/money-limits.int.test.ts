import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseAmount } from '../../shared/domain/decimal';
import { fmt, MONEY_AGENT, openMoneyClient, type MoneyClient } from './testing/money-client';
import { PAYEE, startMoneyRig, type MoneyRig } from './testing/money-rig';

// Issue #14, items 1 and 2, against the v0.25 devnet with a real miner: a hard limit holds under a burst, and a
// client's hang-up at any moment ends with the ledger booking exactly what the chain took from the buyer, per job.
let rig: MoneyRig;
const dirs: string[] = [];
beforeAll(async () => {
  rig = await startMoneyRig({ tokenDelayMs: 25 });
}, 60_000);
afterAll(async () => {
  await rig?.close();
  for (const d of dirs) fs.rmSync(d, { recursive: true, force: true });
});

const open = (limitAit: string, viaFetch?: typeof fetch, on: MoneyRig = rig): MoneyClient => {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'cg-money-'));
  dirs.push(dataDir);
  return openMoneyClient({ dataDir, devnetUrl: on.h.devnet.url, loginKey: on.loginKey, walletKey: on.walletKey, limitAit, ...(viaFetch ? { fetch: viaFetch } : {}) });
};

/** Every job the chain charged is booked at that figure, in total too, and nothing is left held. */
function expectBookedAsCharged(c: MoneyClient, r: ReturnType<typeof compare>, before: ReturnType<MoneyRig['charged']>) {
  expect(r.mismatched).toEqual([]);
  expect(c.spent()).toBe(r.after.total - before.total);
  expect(c.ledger.held()).toEqual([]);
}

/** Ledger vs chain for the jobs a test made: those booked differently, and the AIT the ledger is short by. */
function compare(c: MoneyClient, before: ReturnType<MoneyRig['charged']>, on: MoneyRig = rig) {
  const after = on.charged();
  const mine = [...after.byJob].filter(([j]) => !before.byJob.has(j));
  const booked = c.spentByJob();
  const mismatched = mine.filter(([j, v]) => (booked.get(j) ?? 0n) !== v);
  const short = mismatched.reduce((a, [j, v]) => a + v - (booked.get(j) ?? 0n), 0n);
  return { after, mine, mismatched: mismatched.map(([j, v]) => [j, fmt(v), fmt(booked.get(j) ?? 0n)]), short };
}

describe('a hard limit is a hard limit', () => {
  it('a 300-request burst over a small limit never books above it; the chain never charged more than the ledger', async () => {
    const c = open('0.1');
    const before = rig.charged();
    try {
      const outcomes = await Promise.all(Array.from({ length: 300 }, (_, i) => c.request(`burst-${i}`, new AbortController().signal)));
      await c.commits.flush();
      const ok = outcomes.filter((o) => o.ok).length;
      const codes = outcomes.reduce<Record<string, number>>((m, o) => ((m[o.ok ? 'ok' : o.code] = (m[o.ok ? 'ok' : o.code] ?? 0) + 1), m), {});
      console.log('[burst] outcomes', codes, [...new Set(outcomes.filter((o) => !o.ok && o.code !== 'budget_exhausted').map((o) => (o.ok ? '' : o.message.slice(0, 160))))]);
      const spent = c.spent();
      const after = rig.charged();
      const charged = after.total - before.total;
      const usage = c.ledger.usage(`agent:${MONEY_AGENT}`, 'lifetime');
      console.log(`[burst] 300 requests, limit 0.1 AIT: ${ok} served, ledger booked ${fmt(spent)} AIT, chain charged ${fmt(charged)} AIT, reserved+spent ${fmt(usage.reserved + usage.spent)}`);
      expect(ok).toBeGreaterThan(0);
      expect(usage.reserved + usage.spent <= parseAmount('0.1')).toBe(true);
      expect(spent <= parseAmount('0.1')).toBe(true);
      expect(charged <= spent).toBe(true);
      expect(spent).toBe(charged); // the ledger follows the chain: the lock fee it charged, not a rule of its own
      expect(c.ledger.held()).toEqual([]);
      expect(c.ledger.verify()).toEqual([]);
    } finally {
      await c.close();
    }
  }, 120_000);
});

describe('a payment the coordinator reports above the signed lock', () => {
  it('is rejected (v0.25 reject: disputed, the miner not paid) and booked at what the chain took, within the reservation', async () => {
    const windowed = await startMoneyRig({ tokenDelayMs: 40, acceptanceWindowS: 3600 });
    const c = open('100', undefined, windowed);
    try {
      const before = windowed.charged();
      let jobId = '';
      // the coordinator's payment view starts claiming three times the locked units once the lock is made
      const tamper = setInterval(() => {
        if (jobId && windowed.h.devnet.db.prepare("UPDATE escrow_locks SET units = CAST(units * 3 AS TEXT) WHERE job_id = ? AND status = 'escrowed'").run(jobId).changes) clearInterval(tamper);
      }, 5);
      const o = await c.request('lying-1', new AbortController().signal, (id) => (jobId = id));
      clearInterval(tamper);
      await c.commits.flush();
      expect(o).toMatchObject({ ok: false, code: 'failed', message: expect.stringContaining('signed lock') });
      expect(windowed.h.devnet.db.prepare('SELECT status FROM escrow_locks WHERE job_id = ?').get(jobId)).toEqual({ status: 'disputed' });
      expect(windowed.h.devnet.ledger.balance(PAYEE)).toBe('0'); // the miner was not paid
      const r = compare(c, before, windowed);
      expectBookedAsCharged(c, r, before);
      const [res] = c.ledger.entries({ kinds: ['reserve'] });
      expect(c.spent() <= parseAmount(res!.amount)).toBe(true);
    } finally {
      await c.close();
      await windowed.close();
    }
  }, 60_000);
});

describe('a lock is made once per job', () => {
  it('a retry of a request whose lock already succeeded signs no second lock (no 409) and books the job once', async () => {
    const c = open('100');
    const before = rig.charged();
    try {
      const first = await c.request('retry-1', new AbortController().signal);
      const again = await c.request('retry-1', new AbortController().signal);
      expect([first.ok, again.ok]).toEqual([true, true]);
      expect(again.ok && first.ok && again.result.jobId).toBe(first.ok && first.result.jobId);
      await c.commits.flush();
      const after = rig.charged();
      expect([...after.byJob.keys()].filter((j) => !before.byJob.has(j))).toHaveLength(1);
      expect(c.spent()).toBe(after.total - before.total);
      expect(c.ledger.entries({ kinds: ['settle'] })).toHaveLength(1);
    } finally {
      await c.close();
    }
  }, 60_000);
});

describe('a hang-up never loses a paid job', () => {
  it('staggered client hang-ups end with ledger == chain for every job', async () => {
    const c = open('100');
    const before = rig.charged();
    const jobs = new Set<string>();
    try {
      const runs = Array.from({ length: 24 }, (_, i) => {
        const ac = new AbortController();
        setTimeout(() => ac.abort(), i * 60); // from before the POST to after the result
        return c.request(`hang-${i}`, ac.signal, (id) => jobs.add(id));
      });
      await Promise.all(runs);
      await c.commits.flush();
      const r = compare(c, before);
      console.log(`[hang-up] 24 staggered hang-ups, ${jobs.size} jobs created, ${r.mine.length} charged by the chain, ${r.mismatched.length} booked differently (${fmt(r.short)} AIT unbooked), held ${c.ledger.held().length}`);
      expectBookedAsCharged(c, r, before);
    } finally {
      await c.close();
    }
  }, 120_000);
});

describe.each(['v025', 'c27c654'] as const)('a hang-up while the job POST is in flight (%s wire)', (wire) => {
  let wired: MoneyRig;
  beforeAll(async () => {
    wired = wire === 'v025' ? rig : await startMoneyRig({ tokenDelayMs: 25, wire });
  }, 60_000);
  afterAll(async () => {
    if (wired !== rig) await wired?.close();
  });

  it('the POST finishes, the job is then canceled or settled: ledger == chain for every job', async () => {
    const hangUps = new Map<string, AbortController>();
    // The coordinator creates the job; the caller hangs up while the answer is on its way back
    const answerLost: typeof fetch = async (input) => {
      const req = input as Request;
      if (req.method !== 'POST' || !new URL(req.url).pathname.endsWith('/v1/jobs')) return fetch(req);
      const body = await req.clone().text();
      const res = await fetch(req);
      hangUps.get(/"clawgrid_request_id":"([^"]+)"/.exec(body)?.[1] ?? '')?.abort();
      if (req.signal.aborted) throw new DOMException('This operation was aborted', 'AbortError');
      return res;
    };
    const c = open('100', answerLost, wired);
    const before = wired.charged();
    try {
      const outcomes = await Promise.all(Array.from({ length: 16 }, (_, i) => {
        const ac = new AbortController();
        hangUps.set(`post-${i}`, ac);
        return c.request(`post-${i}`, ac.signal);
      }));
      await c.commits.flush();
      const r = compare(c, before, wired);
      const jobs = (wired.h.devnet.db.prepare("SELECT count(*) AS n FROM jobs WHERE payload LIKE '%post-%'").get()) as { n: number };
      console.log(`[post hang-up ${wire}] 16 hang-ups during the job POST: ${jobs.n} jobs created, ${outcomes.filter((o) => !o.ok && o.code === 'canceled').length} answered canceled, ${r.mismatched.length} booked differently (${fmt(r.short)} AIT unbooked), held ${c.ledger.held().length}`);
      expectBookedAsCharged(c, r, before);
    } finally {
      await c.close();
    }
  }, 60_000);
});
