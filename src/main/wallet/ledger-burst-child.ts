/**
 * A child process that hammers the ledger on a shared database file: used by the crash test (killed
 * with SIGKILL mid-burst) and by bench/ledger.ts (8 of them at once). Prints "R <id>" after each
 * committed reservation, "S <id>" / "X <id>" after each settle / release, "N" for each refusal, "START <ms>" and "DONE <ms>".
 * Usage: tsx ledger-burst-child.ts <dataDir> <count> [agentId]
 */
import { openDatabase } from '../store/database';
import { createApprovals } from './approvals';
import { createLedger } from './ledger';
import { createLedgerAdmission } from './ledger-admission';
import { createSpendPolicies } from './spend-policies';

async function main(): Promise<void> {
  const [dataDir, countText, agentId = 'default'] = process.argv.slice(2);
  if (!dataDir || !countText) throw new Error('usage: ledger-burst-child <dataDir> <count> [agentId]');
  const db = openDatabase(dataDir);
  const ledger = createLedger(db);
  const admission = createLedgerAdmission({ ledger, policies: createSpendPolicies(db, { timeZone: 'UTC' }), approvals: createApprovals(db) });
  const signal = new AbortController().signal;
  const out: string[] = [];
  const flush = () => {
    if (out.length) process.stdout.write(out.splice(0).join(''));
  };
  process.stdout.write(`START ${Date.now()}\n`);
  for (let i = 0; i < Number(countText); i++) {
    const d = await admission.admit(
      { requestId: `${process.pid}-${i}`, agentId, model: 'llama3.1:70b', minerId: 'm1', pricePer1kTokensAit: '0.01', maxTokens: 1000 },
      signal,
    );
    if (!d.ok) {
      out.push('N\n');
    } else {
      out.push(`R ${d.reservation.id}\n`);
      flush(); // the ack leaves only after the commit
      if (i % 4 === 3) {
        d.reservation.release('miner failed');
        out.push(`X ${d.reservation.id}\n`);
      } else {
        d.reservation.settle('0.01', { jobId: `job-${process.pid}-${i}` });
        out.push(`S ${d.reservation.id}\n`);
      }
    }
    if (i % 16 === 0) flush();
  }
  flush();
  process.stdout.write(`DONE ${Date.now()}\n`);
  db.close();
}

main().catch((err: unknown) => {
  process.stderr.write(`${String(err)}\n`);
  process.exit(1);
});
