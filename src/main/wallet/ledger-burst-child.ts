/**
 * A child process that hammers the ledger on a shared database file: used by the crash test (killed
 * with SIGKILL mid-burst) and by bench/ledger.ts (8 of them at once). `concurrency` admissions are in
 * flight at a time (group commit batches them). Prints "R <id>" once a reservation is committed (the
 * acknowledgement a caller would get), "S <id>" / "X <id>" once its settle / release is committed, "N"
 * for each refusal, "START <ms>" and "DONE <ms>". Writes to a pipe are synchronous on Linux, so a line
 * printed is a line the parent will read even if this process is killed right after.
 * Usage: tsx ledger-burst-child.ts <dataDir> <count> [concurrency=1] [agentId=default]
 */
import { startCheckpointer } from '../store/checkpointer';
import { openDatabase } from '../store/database';
import { createApprovals } from './approvals';
import { createGroupCommit } from './group-commit';
import { createLedger } from './ledger';
import { createLedgerAdmission } from './ledger-admission';
import { createSpendPolicies } from './spend-policies';

async function main(): Promise<void> {
  const [dataDir, countText, concurrencyText = '1', agentId = 'default'] = process.argv.slice(2);
  if (!dataDir || !countText) throw new Error('usage: ledger-burst-child <dataDir> <count> [concurrency] [agentId]');
  const db = openDatabase(dataDir);
  // As the app's container does: WAL checkpoints on their own thread.
  startCheckpointer(db);
  const ledger = createLedger(db);
  const commits = createGroupCommit(ledger);
  const admission = createLedgerAdmission({ ledger, commits, policies: createSpendPolicies(db, { timeZone: 'UTC' }), approvals: createApprovals(db) });
  const signal = new AbortController().signal;
  const say = (line: string) => process.stdout.write(`${line}\n`);
  const count = Number(countText);
  let next = 0;
  const worker = async () => {
    for (let i = next++; i < count; i = next++) {
      const d = await admission.admit(
        { requestId: `${process.pid}-${i}`, agentId, model: 'llama3.1:70b', minerId: 'm1', pricePer1kTokensAit: '0.01', maxTokens: 1000 },
        signal,
      );
      if (!d.ok) {
        say('N');
        continue;
      }
      say(`R ${d.reservation.id}`); // admit() resolved: the reservation is committed
      const id = d.reservation.id;
      if (i % 4 === 3) {
        d.reservation.release('miner failed');
        void commits.flush().then(() => say(`X ${id}`));
      } else {
        d.reservation.settle('0.01', { jobId: `job-${process.pid}-${i}` });
        void commits.flush().then(() => say(`S ${id}`));
      }
    }
  };
  say(`START ${Date.now()}`);
  await Promise.all(Array.from({ length: Math.max(1, Number(concurrencyText)) }, worker));
  await commits.flush();
  say(`DONE ${Date.now()}`);
  commits.close();
  db.close();
}

main().catch((err: unknown) => {
  process.stderr.write(`${String(err)}\n`);
  process.exit(1);
});
