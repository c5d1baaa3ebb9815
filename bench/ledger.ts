// npm run bench:ledger — admissions per second through the real ledger on a real SQLite file (WAL).
// Targets: ≥ 5,000 admissions/s (reserve + settle), ≤ 0.5 ms p99 added latency, overspend "0".
//
// single:     one process, createLedgerAdmission.admit() then settle(), sequentially, N times;
//             p99_added_ms = p99 of the admit() call (what a paid request waits before it is sent).
// concurrent: 8 child processes (src/main/wallet/ledger-burst-child.ts) on the same file, each reserving and
//             settling (¼ released) as fast as it can; rate = all admissions / (last end − first start).
// overspend:  8 processes burst against a lifetime budget that fits 500 of 1,600 requests; overspend_ait =
//             max(0, spent + reserved − limit) read back from the file, as an exact decimal string.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { formatAmount, parseAmount } from '../src/shared/domain/decimal';
import { openDatabase } from '../src/main/store/database';
import { createApprovals } from '../src/main/wallet/approvals';
import { createLedger } from '../src/main/wallet/ledger';
import { createLedgerAdmission } from '../src/main/wallet/ledger-admission';
import { createSpendPolicies, defaultSpendPolicy } from '../src/main/wallet/spend-policies';
import { writeResult } from './support/results';

const N = Number(process.env.BENCH_LEDGER_N ?? 20_000);
const PER_CHILD = Number(process.env.BENCH_LEDGER_PER_CHILD ?? 5_000);
const TSX = path.resolve('node_modules/.bin/tsx');
const CHILD = path.resolve('src/main/wallet/ledger-burst-child.ts');
const round = (n: number, d = 3) => Math.round(n * 10 ** d) / 10 ** d;
const pct = (xs: number[], p: number) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor((p / 100) * xs.length))] ?? 0;

function freshDir(limit: string | null): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cg-bench-ledger-'));
  const db = openDatabase(dir);
  createSpendPolicies(db, { timeZone: 'UTC' }).set('default', {
    ...defaultSpendPolicy('UTC'),
    hardLimitAit: limit,
    softLimitAit: null,
    approvalThresholdAit: null,
    period: { kind: 'lifetime' },
  });
  db.close();
  return dir;
}

async function single() {
  const dir = freshDir(null);
  const db = openDatabase(dir);
  const ledger = createLedger(db);
  const admission = createLedgerAdmission({ ledger, policies: createSpendPolicies(db, { timeZone: 'UTC' }), approvals: createApprovals(db) });
  const signal = new AbortController().signal;
  const admitMs: number[] = [];
  const settleMs: number[] = [];
  const run = async (count: number, record: boolean) => {
    for (let i = 0; i < count; i++) {
      const t0 = performance.now();
      const d = await admission.admit({ requestId: `r${i}`, agentId: 'default', model: 'llama3.1:70b', minerId: 'm1', pricePer1kTokensAit: '0.01', maxTokens: 1000 }, signal);
      const t1 = performance.now();
      if (!d.ok) throw new Error(d.message);
      d.reservation.settle('0.008', { jobId: `job${i}` });
      const t2 = performance.now();
      if (record) {
        admitMs.push(t1 - t0);
        settleMs.push(t2 - t1);
      }
    }
  };
  await run(1000, false); // warm-up
  const t0 = performance.now();
  await run(N, true);
  const elapsed = performance.now() - t0;
  const problems = ledger.verify();
  db.close();
  fs.rmSync(dir, { recursive: true, force: true });
  if (problems.length) throw new Error(`ledger inconsistent: ${problems[0]}`);
  return { rate: N / (elapsed / 1000), p50: pct(admitMs, 50), p99: pct(admitMs, 99), settleP99: pct(settleMs, 99) };
}

function burst(dir: string, procs: number, perChild: number) {
  return Promise.all(
    Array.from({ length: procs }, () =>
      new Promise<{ start: number; end: number; admitted: number; refused: number }>((resolve, reject) => {
        const child = spawn(TSX, [CHILD, dir, String(perChild)], { stdio: ['ignore', 'pipe', 'inherit'] });
        let text = '';
        child.stdout.on('data', (c: Buffer) => (text += c.toString()));
        child.on('exit', (code) => {
          if (code !== 0) return reject(new Error(`child exited ${code}`));
          const lines = text.trim().split('\n');
          const num = (tag: string) => Number(lines.find((l) => l.startsWith(tag))?.split(' ')[1]);
          resolve({ start: num('START'), end: num('DONE'), admitted: lines.filter((l) => l.startsWith('R ')).length, refused: lines.filter((l) => l === 'N').length });
        });
      }),
    ),
  );
}

async function concurrent() {
  const dir = freshDir(null);
  const r = await burst(dir, 8, PER_CHILD);
  fs.rmSync(dir, { recursive: true, force: true });
  const admitted = r.reduce((a, x) => a + x.admitted, 0);
  const wall = Math.max(...r.map((x) => x.end)) - Math.min(...r.map((x) => x.start));
  return { rate: admitted / (wall / 1000), admitted };
}

async function overspend() {
  const limit = parseAmount('0.01025') * 500n;
  const dir = freshDir(formatAmount(limit));
  const r = await burst(dir, 8, 200);
  const db = openDatabase(dir);
  const ledger = createLedger(db);
  const u = ledger.usage('agent:default', 'lifetime');
  const problems = ledger.verify();
  db.close();
  fs.rmSync(dir, { recursive: true, force: true });
  const over = u.spent + u.reserved - limit;
  return { overspend: formatAmount(over > 0n ? over : 0n), admitted: r.reduce((a, x) => a + x.admitted, 0), refused: r.reduce((a, x) => a + x.refused, 0), spent: formatAmount(u.spent), consistent: problems.length === 0 };
}

async function main() {
  const s = await single();
  const c = await concurrent();
  const o = await overspend();
  const result = {
    admissions_per_s: Math.round(s.rate),
    admissions_per_s_concurrent: Math.round(c.rate),
    p50_added_ms: round(s.p50),
    p99_added_ms: round(s.p99),
    p99_settle_ms: round(s.settleP99),
    overspend_ait: o.overspend,
    overspend_burst: { processes: 8, attempts: 1600, budget_fits: 500, admitted_incl_released: o.admitted, refused: o.refused, spent_ait: o.spent, ledger_consistent: o.consistent },
    n_single: N,
    n_concurrent: c.admitted,
    targets: { admissions_per_s: 5000, p99_added_ms: 0.5, overspend_ait: '0' },
  };
  console.table({
    'admissions/s (single)': { value: result.admissions_per_s, target: '≥ 5000' },
    'admissions/s (8 processes)': { value: result.admissions_per_s_concurrent, target: '≥ 5000' },
    'p99 added (ms)': { value: result.p99_added_ms, target: '≤ 0.5' },
    'overspend (AIT)': { value: result.overspend_ait, target: '0' },
  });
  writeResult('ledger', result);
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
