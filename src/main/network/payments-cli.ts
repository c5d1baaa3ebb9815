import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { paymentStateSchema, type JobPaymentView, type PaymentState } from '../../shared/contract/network';
import { parseArgs, UsageError, withUsage, type CliIo } from '../cli/cli-args';
import { defaultDataDir } from '../settings/data-dir';
import { DB_FILE } from '../store/database';
import { createPaymentStore } from './payment-store';

export const PAYMENTS_USAGE = `usage:
  clawgrid payments list [--state STATE[,STATE…]] [--job ID] [--limit N] [--format text|json] [--data-dir DIR]
STATE: locked, awaiting_acceptance, released, disputed, refunded, failed. Newest first, as ClawGrid last stored
them (the app keeps them current from the network); --format json prints the whole records with full transaction hashes.
DIR defaults to CLAWGRID_DATA_DIR or ClawGrid's data folder.
Exit status: 0 listed, 2 unusable input.`;

function states(raw: string | undefined): PaymentState[] | undefined {
  if (raw === undefined) return undefined;
  return raw.split(',').map((s) => {
    const parsed = paymentStateSchema.safeParse(s.trim());
    if (!parsed.success) throw new UsageError(`--state: "${s}" is not one of ${paymentStateSchema.options.join(', ')}`);
    return parsed.data;
  });
}

/** One payment per line: state, job, amount, the chain transactions, and why when it was rejected or failed. */
function line(p: JobPaymentView): string {
  const txs = [p.lockTx && `lock ${p.lockTx}`, p.releaseTx && `release ${p.releaseTx}`, p.refundTx && `refund ${p.refundTx}`].filter(Boolean).join(' ');
  const why = p.reason && p.state !== 'released' ? ` — ${p.reason}` : '';
  return `${new Date(p.createdAtMs).toISOString()} ${p.state.padEnd(19)} job ${p.jobId} ${p.amountAit} AIT on ${p.network}${txs ? ` ${txs}` : ''}${why}`;
}

function list(args: string[], io: CliIo, env: Record<string, string | undefined>): number {
  const { positional, opts } = parseArgs(args, ['state', 'job', 'limit', 'format', 'data-dir']);
  if (positional.length) throw new UsageError(`unexpected argument: ${positional[0]}`);
  const format = opts.get('format') ?? 'text';
  if (format !== 'text' && format !== 'json') throw new UsageError(`--format must be text or json, not "${format}"`);
  const limit = Number(opts.get('limit') ?? 200);
  if (!Number.isInteger(limit) || limit < 1 || limit > 10_000) throw new UsageError('--limit must be a whole number from 1 to 10000');
  const file = path.join(opts.get('data-dir') ?? defaultDataDir(env), DB_FILE);
  if (!fs.existsSync(file)) throw new UsageError(`no ClawGrid database at ${file} (set CLAWGRID_DATA_DIR or --data-dir)`);
  // Read-only beside a running ClawGrid (WAL: this reader sees every committed row without blocking it).
  const db = new Database(file, { readonly: true, fileMustExist: true });
  try {
    db.pragma('busy_timeout = 5000');
    const hasTable = db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'network_payments'").get();
    if (!hasTable) throw new UsageError(`the database at ${file} predates payment records: open it once with this ClawGrid`);
    const job = opts.get('job');
    const wanted = states(opts.get('state'));
    const found = createPaymentStore(db).list({ ...(job ? { jobIds: [job] } : wanted ? { states: wanted } : {}), limit });
    const shown = job && wanted ? found.filter((p) => wanted.includes(p.state)) : found;
    if (format === 'json') io.out(JSON.stringify(shown, null, 2));
    else if (shown.length === 0) io.err('no payments stored');
    else for (const p of shown) io.out(line(p));
    return 0;
  } finally {
    db.close();
  }
}

/** `clawgrid payments list …`: exit 0 listed, 2 unusable input (the reason and the usage on stderr). */
export function runPaymentsCli(argv: string[], io: CliIo, env: Record<string, string | undefined> = process.env): Promise<number> {
  const [group, verb, ...rest] = argv;
  const command = [group, verb].filter(Boolean).join(' ');
  return withUsage(io, PAYMENTS_USAGE, () => {
    if (command !== 'payments list') throw new UsageError(`unknown command: ${command}`);
    return list(rest, io, env);
  });
}
