import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { openDatabase } from '../store/database';
import { createPaymentStore } from './payment-store';
import { runPaymentsCli } from './payments-cli';

const LOCK = `0x${'1'.repeat(64)}`;
const RELEASE = `0x${'2'.repeat(64)}`;
let dir: string;
afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

function withPayments() {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cg-payments-cli-'));
  const db = openDatabase(dir);
  const store = createPaymentStore(db);
  const base = { wire: 'v025' as const, amountAit: '0.05', feeAit: '0.0005', lockTx: LOCK, releaseTx: null, refundTx: null };
  store.put({ network: 'devnet', jobId: 'job-ok', requestId: 'r1', model: 'm', payment: { ...base, state: 'released', releaseTx: RELEASE } }, Date.UTC(2026, 11, 1));
  store.put({ network: 'devnet', jobId: 'job-bad', requestId: 'r2', model: 'm', payment: { ...base, state: 'disputed', reason: 'The receipt failed verification: altered' } }, Date.UTC(2026, 11, 2));
  db.close();
}
async function run(...args: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await runPaymentsCli(args, { out: (l) => out.push(l), err: (l) => err.push(l) }, { CLAWGRID_DATA_DIR: dir });
  return { code, out, err };
}

describe('clawgrid payments list', () => {
  it('lists stored payments newest first with state, full transaction hashes and the reason of a dispute', async () => {
    withPayments();
    const { code, out } = await run('payments', 'list');
    expect(code).toBe(0);
    expect(out).toHaveLength(2);
    expect(out[0]).toMatch(/^2026-12-02T00:00:00.000Z disputed +job job-bad 0.05 AIT on devnet lock 0x1{64} — The receipt failed verification: altered$/);
    expect(out[1]).toContain(`released`);
    expect(out[1]).toContain(`release ${RELEASE}`);
  });

  it('filters by state or job, and prints JSON records', async () => {
    withPayments();
    expect((await run('payments', 'list', '--state', 'disputed')).out.map((l) => l.includes('job-bad'))).toEqual([true]);
    const json = JSON.parse((await run('payments', 'list', '--job', 'job-ok', '--format', 'json')).out.join('\n')) as { jobId: string; releaseTx: string }[];
    expect(json).toEqual([expect.objectContaining({ jobId: 'job-ok', releaseTx: RELEASE })]);
    expect((await run('payments', 'list', '--job', 'job-ok', '--state', 'disputed')).err).toEqual(['no payments stored']);
  });

  it('refuses unusable input with exit status 2', async () => {
    withPayments();
    expect((await run('payments', 'list', '--state', 'paid')).code).toBe(2);
    expect((await run('payments', 'list', '--format', 'xml')).code).toBe(2);
    expect((await run('payments', 'list', '--data-dir', path.join(dir, 'nowhere'))).err[0]).toContain('no ClawGrid database');
  });
});
