import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { EXPORT_FORMATS, exportLedger, parseExportBound, type ExportFormat } from '../../shared/domain/spend-export';
import { parseArgs, UsageError, withUsage, type CliIo } from '../cli/cli-args';
import { defaultDataDir } from '../settings/data-dir';
import { DB_FILE } from '../store/database';
import { ledgerEntriesBetween } from './ledger-export';

export const LEDGER_USAGE = `usage:
  clawgrid ledger export --format csv|json [--from WHEN] [--to WHEN] [--out FILE] [--data-dir DIR]
WHEN: a date (2026-11-30, UTC; as --to it includes that whole day) or an ISO 8601 time with a zone
(2026-11-30T12:00:00Z). Both ends are inclusive. Amounts are decimal strings (AIT); CSV is RFC 4180.
Without --out the file goes to stdout. DIR defaults to CLAWGRID_DATA_DIR or ClawGrid's data folder.
Exit status: 0 exported, 2 unusable input.`;

/** The CLI's output, plus raw writes: an export goes out byte for byte (CSV's CRLFs included). */
export interface LedgerCliIo extends CliIo {
  write(text: string): void;
}

function bound(opts: Map<string, string>, side: 'from' | 'to'): number | undefined {
  const raw = opts.get(side);
  if (raw === undefined) return undefined;
  const ms = parseExportBound(raw, side);
  if (ms === null) throw new UsageError(`--${side} must be a date (YYYY-MM-DD) or an ISO 8601 time such as 2026-11-30T12:00:00Z, not "${raw}"`);
  return ms;
}

function ledgerExport(args: string[], io: LedgerCliIo, env: Record<string, string | undefined>): number {
  const { positional, opts } = parseArgs(args, ['format', 'from', 'to', 'out', 'data-dir']);
  if (positional.length) throw new UsageError(`unexpected argument: ${positional[0]}`);
  const format = opts.get('format');
  if (format === undefined) throw new UsageError('--format csv|json is required');
  if (!EXPORT_FORMATS.includes(format as ExportFormat)) throw new UsageError(`--format must be csv or json, not "${format}"`);
  const fromMs = bound(opts, 'from');
  const toMs = bound(opts, 'to');
  if (fromMs !== undefined && toMs !== undefined && fromMs > toMs) throw new UsageError(`--from (${opts.get('from')}) is after --to (${opts.get('to')})`);
  const file = path.join(opts.get('data-dir') ?? defaultDataDir(env), DB_FILE);
  if (!fs.existsSync(file)) throw new UsageError(`no ClawGrid database at ${file} (set CLAWGRID_DATA_DIR or --data-dir)`);
  // Read-only beside a running ClawGrid: WAL lets this reader see every committed entry without blocking it.
  const db = new Database(file, { readonly: true, fileMustExist: true });
  try {
    db.pragma('busy_timeout = 5000');
    const entries = ledgerEntriesBetween(db, { fromMs, toMs });
    const out = exportLedger(entries, format as ExportFormat);
    const target = opts.get('out');
    if (target) {
      fs.writeFileSync(target, out.content);
      io.err(`exported ${entries.length} ledger entries to ${target}`);
    } else io.write(out.content);
    return 0;
  } finally {
    db.close();
  }
}

/** `clawgrid ledger export …`: exit 0 exported, 2 unusable input (the reason and the usage on stderr). */
export function runLedgerCli(argv: string[], io: LedgerCliIo, env: Record<string, string | undefined> = process.env): Promise<number> {
  const [group, verb, ...rest] = argv;
  return withUsage(io, LEDGER_USAGE, () => {
    if (group === 'ledger' && verb === 'export') return ledgerExport(rest, io, env);
    throw new UsageError(`unknown command: ${[group, verb].filter(Boolean).join(' ')}`);
  });
}
