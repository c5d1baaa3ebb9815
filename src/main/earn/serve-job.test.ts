import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { silentLogger } from '../log/logger';
import { openDatabase, type Db } from '../store/database';
import { createServedJobs, type ServedJobs } from './earn-jobs-store';
import type { MinerWire } from './miner-wire';
import { serveJob, type ServeContext } from './serve-job';

// One job end to end against a recording wire and a scripted Ollama: refusals go to /fail, the output bound and
// the deadline hold, the receipt is kept with its verdict, and nothing of the prompt is stored beside it.
let dir: string;
let db: Db;
let jobs: ServedJobs;
let sent: { call: string; args: unknown[] }[];
const wire = {
  fail: async (...args: unknown[]) => void sent.push({ call: 'fail', args }),
  result: async (...args: unknown[]) => (sent.push({ call: 'result', args }), { receipt_id: 'r1', job_id: 'j', price: 0.001, signature: { alg: 'Ed25519', key_id: 'k', sig: 's' } }),
} as unknown as MinerWire;
const ctx = (api: ServeContext['api'], over: Partial<ServeContext> = {}): ServeContext => ({
  network: 'devnet', minerId: 'rig', wire, jobs, api, allowedModels: ['llama3.2:3b'], own: { ownsJob: () => false, addresses: [] }, maxOutputTokens: 64, deadlineMs: 5_000,
  pricePer1k: '0.004', verifyReceipt: async () => ({ ok: true }), log: silentLogger, signal: new AbortController().signal, ...over,
});
const answer = { model: 'llama3.2:3b', content: 'hi there', promptTokens: 3, evalTokens: 2 };

beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cg-serve-job-'));
  db = openDatabase(dir);
  jobs = createServedJobs(db);
  sent = [];
});
afterEach(() => {
  db.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

describe('serveJob', () => {
  it('runs with num_predict capped, posts the result with token metrics, keeps the receipt and verdict only', async () => {
    const seen: Record<string, unknown>[] = [];
    await serveJob(ctx({ generate: async (b) => (seen.push(b), answer), chat: async () => answer }), { jobId: 'j', payload: { model: 'llama3.2:3b', prompt: 'secret prompt', options: { num_predict: 4096 } } }, null);
    expect(seen[0]).toMatchObject({ model: 'llama3.2:3b', prompt: 'secret prompt', options: { num_predict: 64 } });
    const [, result, metrics] = sent.find((s) => s.call === 'result')!.args as [string, Record<string, unknown>, Record<string, unknown>];
    expect(result).toMatchObject({ status: 'completed', output: 'hi there', tokens_processed: 2, prompt_tokens: 3 });
    expect(metrics).toMatchObject({ units: 0.005, unit_type: '1k_tokens', unit_price: 0.004 });
    const row = jobs.recent(1)[0]!;
    expect(row).toMatchObject({ state: 'completed', prompt_tokens: 3, output_tokens: 2, receipt_ok: 1, receipt_why: 'signature valid' });
    expect(JSON.stringify(row)).not.toContain('hi there'); // the answer is not stored beside the receipt (this receipt has none)
    expect(JSON.stringify(row)).not.toContain('secret prompt');
  });

  it('refuses its own job and a model off the allow-list via /fail, without running anything', async () => {
    const never = async () => {
      throw new Error('must not run');
    };
    await serveJob(ctx({ generate: never, chat: never }, { own: { ownsJob: (id) => id === 'mine', addresses: [] } }), { jobId: 'mine', payload: { model: 'llama3.2:3b', prompt: 'x' } }, null);
    await serveJob(ctx({ generate: never, chat: never }), { jobId: 'big', payload: { model: 'llama3.1:70b', prompt: 'x' } }, null);
    expect(sent.map((s) => [s.call, s.args[0], s.args[1]])).toEqual([['fail', 'mine', 'own_job'], ['fail', 'big', 'model_not_allowed']]);
    expect(jobs.recent(5).map((j) => j.state)).toEqual(['refused', 'refused']);
  });

  it('gives up at the deadline and reports deadline_exceeded', async () => {
    const hang = (_b: Record<string, unknown>, signal: AbortSignal) => new Promise<never>((_r, reject) => signal.addEventListener('abort', () => reject(new Error('aborted'))));
    await serveJob(ctx({ generate: hang, chat: hang }, { deadlineMs: 30 }), { jobId: 'slow', payload: { model: 'llama3.2:3b', messages: [{ role: 'user', content: 'x' }] } }, null);
    expect(sent).toEqual([{ call: 'fail', args: ['slow', 'deadline_exceeded', 'deadline exceeded: no answer within 30 ms'] }]);
    expect(jobs.recent(1)[0]).toMatchObject({ state: 'failed', error: 'deadline exceeded: no answer within 30 ms' });
  });
});
