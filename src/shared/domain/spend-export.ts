import type { RequestLogEntry } from '../contract/routing';
import type { LedgerEntryView } from '../contract/wallet';
import { toCsv, type CsvCell } from './csv';

/** The two file formats a person can export the ledger and the request log in. */
export type ExportFormat = 'csv' | 'json';
export const EXPORT_FORMATS: readonly ExportFormat[] = ['csv', 'json'];

/** One downloadable file: what the Wallet/Routing pages save and the CLI prints. */
export interface ExportFile {
  filename: string;
  mimeType: string;
  content: string;
}

/** A table both formats serialise: CSV with this header, JSON as an array of objects with these keys. */
interface Table {
  columns: readonly string[];
  rows: CsvCell[][];
}

const iso = (ms: number) => new Date(ms).toISOString();

export const LEDGER_COLUMNS = ['seq', 'at', 'kind', 'amount_ait', 'agent_id', 'model', 'miner_id', 'reservation_id', 'job_id', 'receipt_id', 'tx_hash', 'counterparty', 'note'] as const;

/** Ledger entries (oldest first) as a table: times in ISO 8601 UTC, amounts as the ledger's own decimal strings. */
function ledgerTable(entries: readonly LedgerEntryView[]): Table {
  return {
    columns: LEDGER_COLUMNS,
    rows: entries.map((e) => [e.seq, iso(e.atMs), e.kind, e.amount, e.agentId, e.model, e.minerId, e.reservationId, e.jobId, e.receiptId, e.txHash, e.counterparty, e.note]),
  };
}

export const REQUEST_COLUMNS = [
  'id', 'at', 'agent_id', 'agent_name', 'endpoint', 'model', 'strategy', 'reasons', 'backend', 'status', 'http_status', 'error',
  'prompt_tokens', 'eval_tokens', 'ttft_ms', 'duration_ms', 'tokens_per_second', 'cost_ait', 'overhead_ms', 'job_id',
] as const;

/** Request-log rows (oldest first); reason codes space-separated, cost as a decimal string. */
function requestTable(entries: readonly RequestLogEntry[]): Table {
  return {
    columns: REQUEST_COLUMNS,
    rows: entries.map((e) => [
      e.id, iso(e.at), e.agentId, e.agentName, e.endpoint, e.model, e.strategy, e.reasons.join(' '), e.backend, e.status, e.httpStatus, e.error,
      e.promptTokens, e.evalTokens, e.ttftMs, e.durationMs, e.tokensPerSecond, e.costAit, e.overheadMs, e.jobId,
    ]),
  };
}

function serialise(t: Table, format: ExportFormat, name: string, nowMs: number): ExportFile {
  const stamp = iso(nowMs).slice(0, 10);
  if (format === 'csv') return { filename: `clawgrid-${name}-${stamp}.csv`, mimeType: 'text/csv; charset=utf-8', content: toCsv(t.columns, t.rows) };
  const objects = t.rows.map((r) => Object.fromEntries(t.columns.map((c, i) => [c, r[i] ?? null])));
  return { filename: `clawgrid-${name}-${stamp}.json`, mimeType: 'application/json', content: JSON.stringify(objects, null, 2) + '\n' };
}

export const exportLedger = (entries: readonly LedgerEntryView[], format: ExportFormat, nowMs = Date.now()) => serialise(ledgerTable(entries), format, 'ledger', nowMs);
export const exportRequests = (entries: readonly RequestLogEntry[], format: ExportFormat, nowMs = Date.now()) => serialise(requestTable(entries), format, 'requests', nowMs);

/**
 * A range bound as a person types it: a date (`2026-11-30`, UTC; as `to` it includes that whole day) or an
 * ISO 8601 time with a zone (`2026-11-30T12:00:00Z`). Null when it is neither.
 */
export function parseExportBound(text: string, side: 'from' | 'to'): number | null {
  const t = text.trim();
  const date = /^(\d{4})-(\d{2})-(\d{2})$/.exec(t);
  if (date) {
    const ms = Date.UTC(Number(date[1]), Number(date[2]) - 1, Number(date[3]));
    if (new Date(ms).toISOString().slice(0, 10) !== t) return null; // 2026-02-30 is not a day
    return side === 'to' ? ms + 86_400_000 - 1 : ms;
  }
  if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/.test(t)) return null;
  const ms = Date.parse(t);
  return Number.isFinite(ms) ? ms : null;
}
