import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RequestLogEntry } from '../shared/contract/routing';
import { parseCsv } from '../shared/domain/csv';
import { parseAmount } from '../shared/domain/decimal';
import { LEDGER_COLUMNS, REQUEST_COLUMNS } from '../shared/domain/spend-export';
import { createContainer, type Container } from './container';
import { createEventHub } from './events/event-hub';
import { silentLogger } from './log/logger';
import { createMeter } from './routing/meter';
import { openDatabase } from './store/database';
import { createLedger } from './wallet/ledger';
import type { LedgerEntry } from './wallet/ledger-types';
import { runLedgerCli } from './wallet/ledger-cli';

// Exports round-trip: the files parse back into exactly the ledger's and the request log's rows.
const NOV29_LAST = Date.UTC(2026, 10, 29, 23, 59, 59, 999);
const NOV30_NOON = Date.UTC(2026, 10, 30, 12);
const DEC1 = Date.UTC(2026, 11, 1);
let dir: string;
let c: Container;
let ledgerRows: LedgerEntry[];
let stored: RequestLogEntry[];

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cg-export-'));
  const db = openDatabase(dir);
  let now = NOV29_LAST;
  const ledger = createLedger(db, { now: () => now });
  ledger.recordTransfer({ to: '0x' + 'ab'.repeat(20), amount: parseAmount('0.00000001'), fee: parseAmount('0.000277777777777778'), txHash: '0xdead', note: 'rent, "march"\r\nsecond line' });
  now = NOV30_NOON;
  ledger.recordExternalSettle({ jobId: 'job,1', receiptId: 'rc"1', payment: parseAmount('1234567.123456789012345678'), agentId: 'agent "x"', note: 'paid, by "miner"' });
  now = DEC1;
  ledger.recordTransfer({ to: '0x' + 'cd'.repeat(20), amount: parseAmount('2'), fee: parseAmount('0'), txHash: '0xbeef', note: '' });
  ledgerRows = ledger.entries({ limit: 1000 }).reverse();
  const hub = createEventHub({ tickMs: 1000 });
  const meter = createMeter(db, hub, { agentName: () => 'default' });
  const base = { agentId: 'default', agentName: 'default', endpoint: 'chat', strategy: 'network', reasons: ['policy_network', 'local_cold'], explanation: 'x', backend: 'network:m1', status: 'ok', httpStatus: 200, error: null, promptTokens: 3, evalTokens: 9, ttftMs: 12.5, durationMs: 40.25, tokensPerSecond: null, overheadMs: 0.5, jobId: 'j1' } as const;
  meter.record({ ...base, id: 'r1', at: NOV30_NOON, model: 'qwen3:8b, "tuned"', reasons: [...base.reasons], costAit: '0.00000001' });
  meter.record({ ...base, id: 'r2', at: DEC1, model: 'llama3.3:70b@m1', reasons: [], costAit: '0', status: 'error', httpStatus: 503, error: 'GPU network: "down",\nretry later', ttftMs: null, jobId: null });
  meter.flush();
  stored = meter.requestsSince(0);
  hub.close();
  db.close();
  c = createContainer({ host: 'headless', dataDir: dir, log: silentLogger, env: { CLAWGRID_NETWORK: 'off' }, wallet: { scryptN: 1 << 10, chainUrl: null } });
});
afterAll(async () => {
  await c?.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

/** A ledger entry as its export row (CSV: every field text, null empty; JSON: numbers and nulls kept). */
const ledgerRecord = (e: LedgerEntry) => ({
  seq: e.seq, at: new Date(e.atMs).toISOString(), kind: e.kind, amount_ait: e.amount, agent_id: e.agentId, model: e.model, miner_id: e.minerId,
  reservation_id: e.reservationId, job_id: e.jobId, receipt_id: e.receiptId, tx_hash: e.txHash, counterparty: e.counterparty, note: e.note,
});
const asCsvText = (o: Record<string, unknown>) => Object.fromEntries(Object.entries(o).map(([k, v]) => [k, v === null ? '' : String(v)]));
const csvObjects = (text: string) => {
  const [header, ...rows] = parseCsv(text);
  return { header, rows: rows.map((r) => Object.fromEntries(header!.map((h, i) => [h, r[i]]))) };
};
const call = async (name: string, input: unknown) => {
  const r = await c.router.dispatch(name, input, { transport: 'test' });
  if (!r.ok) throw new Error(`${r.error.code}: ${r.error.message}`);
  return r.output as { filename: string; mimeType: string; content: string };
};

async function cli(args: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await runLedgerCli(['ledger', 'export', ...args], { out: (l) => out.push(l + '\n'), err: (l) => err.push(l), write: (t) => out.push(t) }, { CLAWGRID_DATA_DIR: dir });
  return { code, stdout: out.join(''), stderr: err.join('\n') };
}

describe('ledger export', () => {
  it('CSV (Wallet page call and CLI alike) parses back into the ledger rows, tiny amounts and quoted memos intact', async () => {
    const file = await call('wallet.exportLedger', { format: 'csv' });
    expect(file).toMatchObject({ filename: expect.stringMatching(/^clawgrid-ledger-\d{4}-\d{2}-\d{2}\.csv$/), mimeType: 'text/csv; charset=utf-8' });
    const { header, rows } = csvObjects(file.content);
    expect(header).toEqual([...LEDGER_COLUMNS]);
    expect(rows).toEqual(ledgerRows.map((e) => asCsvText(ledgerRecord(e))));
    expect(rows.map((r) => r.amount_ait)).toEqual(['0.00000001', '0.000277777777777778', '1234567.123456789012345678', '30864.178086419725308642', '2', '0']);
    expect(rows[0]!.note).toBe('rent, "march"\r\nsecond line');
    expect(await cli(['--format', 'csv'])).toEqual({ code: 0, stdout: file.content, stderr: '' });
  });

  it('JSON keeps numbers numbers, money decimal strings and absent fields null', async () => {
    const parsed = JSON.parse((await call('wallet.exportLedger', { format: 'json' })).content) as unknown[];
    expect(parsed).toEqual(ledgerRows.map(ledgerRecord));
    const viaCli = await cli(['--format=json']);
    expect(JSON.parse(viaCli.stdout)).toEqual(parsed);
  });

  it('--from/--to select a range (dates are whole UTC days, both ends inclusive); the contract takes the same range in ms', async () => {
    const day = await cli(['--format', 'json', '--from', '2026-11-30', '--to', '2026-11-30']);
    expect(day.code).toBe(0);
    const inDay = ledgerRows.filter((e) => e.atMs === NOV30_NOON).map(ledgerRecord);
    expect(JSON.parse(day.stdout)).toEqual(inDay);
    const viaCall = await call('wallet.exportLedger', { format: 'json', fromMs: Date.UTC(2026, 10, 30), toMs: DEC1 - 1 });
    expect(JSON.parse(viaCall.content)).toEqual(inDay);
    expect(JSON.parse((await cli(['--format', 'json', '--to', '2026-11-29T23:59:59.999Z'])).stdout)).toEqual(ledgerRows.filter((e) => e.atMs === NOV29_LAST).map(ledgerRecord));
    const out = path.join(dir, 'out.csv');
    expect(await cli(['--format', 'csv', '--from', '2026-12-01', '--out', out])).toMatchObject({ code: 0, stdout: '', stderr: `exported 2 ledger entries to ${out}` });
    expect(csvObjects(fs.readFileSync(out, 'utf8')).rows.map((r) => r.tx_hash)).toEqual(['0xbeef', '0xbeef']);
  });

  it('a bad --format, --from or range is a clear error (exit 2) and no output', async () => {
    const cases: [string[], string][] = [
      [['--format', 'xml'], 'error: --format must be csv or json, not "xml"'],
      [[], 'error: --format csv|json is required'],
      [['--format', 'csv', '--from', 'yesterday'], 'error: --from must be a date (YYYY-MM-DD) or an ISO 8601 time such as 2026-11-30T12:00:00Z, not "yesterday"'],
      [['--format', 'csv', '--to', '2026-02-30'], 'error: --to must be a date'],
      [['--format', 'csv', '--from', '2026-12-02', '--to', '2026-12-01'], 'error: --from (2026-12-02) is after --to (2026-12-01)'],
      [['--format', 'csv', '--since', '2026-12-01'], 'error: unknown option --since'],
      [['--format', 'csv', '--data-dir', path.join(dir, 'nowhere')], 'error: no ClawGrid database at'],
    ];
    for (const [args, message] of cases) {
      const r = await cli(args);
      expect(r.code).toBe(2);
      expect(r.stdout).toBe('');
      expect(r.stderr.split('\n')[0]).toContain(message);
      expect(r.stderr).toContain('usage:');
    }
  });

  it('the contract refuses a bad format or an inverted range', async () => {
    expect(await c.router.dispatch('wallet.exportLedger', { format: 'xml' }, { transport: 'test' })).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT' } });
    expect(await c.router.dispatch('routing.exportRequests', { format: 'csv', fromMs: 2, toMs: 1 }, { transport: 'test' })).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT' } });
  });

  it('`node bin/clawgrid.mjs ledger export` writes the CSV byte for byte to stdout', async () => {
    const { stdout } = await promisify(execFile)(process.execPath, ['bin/clawgrid.mjs', 'ledger', 'export', '--format', 'csv'], { env: { ...process.env, CLAWGRID_DATA_DIR: dir } });
    expect(stdout).toBe((await cli(['--format', 'csv'])).stdout);
    expect(stdout.endsWith('\r\n')).toBe(true);
  });
});

describe('request log export', () => {
  const requestRecord = (e: RequestLogEntry) => ({
    id: e.id, at: new Date(e.at).toISOString(), agent_id: e.agentId, agent_name: e.agentName, endpoint: e.endpoint, model: e.model, strategy: e.strategy, reasons: e.reasons.join(' '),
    backend: e.backend, status: e.status, http_status: e.httpStatus, error: e.error, prompt_tokens: e.promptTokens, eval_tokens: e.evalTokens, ttft_ms: e.ttftMs,
    duration_ms: e.durationMs, tokens_per_second: e.tokensPerSecond, cost_ait: e.costAit, overhead_ms: e.overheadMs, job_id: e.jobId,
  });

  it('CSV and JSON (Routing page call) parse back into the metered rows; a range narrows them', async () => {
    // The rows as the Routing page shows them (agent names resolved by the running app), oldest first.
    const snap = await c.router.dispatch('routing.snapshot', {}, { transport: 'test' });
    if (!snap.ok) throw new Error(snap.error.message);
    const requestRows = [...(snap.output as { requests: RequestLogEntry[] }).requests].reverse();
    expect(requestRows.map((r) => [r.id, r.costAit])).toEqual(stored.map((r) => [r.id, r.costAit]));
    const csv = await call('routing.exportRequests', { format: 'csv' });
    const { header, rows } = csvObjects(csv.content);
    expect(header).toEqual([...REQUEST_COLUMNS]);
    expect(rows).toEqual(requestRows.map((e) => asCsvText(requestRecord(e))));
    expect(rows[0]).toMatchObject({ cost_ait: '0.00000001', agent_name: 'default', reasons: 'policy_network local_cold' });
    expect(rows[1]!.error).toBe('GPU network: "down",\nretry later');
    const json = JSON.parse((await call('routing.exportRequests', { format: 'json' })).content) as unknown[];
    expect(json).toEqual(requestRows.map(requestRecord));
    const ranged = JSON.parse((await call('routing.exportRequests', { format: 'json', toMs: DEC1 - 1 })).content) as { id: string }[];
    expect(ranged.map((r) => r.id)).toEqual(['r1']);
  });
});
