import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startMiner } from '../miner/miner-runner';
import { createSimulatedBackend } from '../miner/simulated-backend';
import { createAitbcClient } from './aitbc-client';
import { startDevnetHarness, type DevnetHarness } from '../network/test-devnet';
import { generatePrivateKey, privateKeyToAccount } from 'viem/accounts';

// Drift guard: every request ClawGrid sends and every answer the devnet gives, for the endpoints used,
// validates against the coordinator's OpenAPI schemas (resources/aitbc/coordinator-api-openapi.json, a copy of
// ../shared/aitbc/openapi/coordinator-api-openapi.json kept in the repo so the guard always runs).
const SPEC_FILE = path.resolve(__dirname, '../../../resources/aitbc/coordinator-api-openapi.json');
type Schema = { $ref?: string; type?: string; properties?: Record<string, Schema>; required?: string[]; anyOf?: Schema[]; items?: Schema; enum?: unknown[]; additionalProperties?: boolean | Schema; pattern?: string };
type Spec = { paths: Record<string, Record<string, { requestBody?: { content: Record<string, { schema: Schema }> }; responses: Record<string, { content?: Record<string, { schema: Schema }> }> }>>; components: { schemas: Record<string, Schema> } };

const hasSpec = fs.existsSync(SPEC_FILE);
const spec: Spec = hasSpec ? (JSON.parse(fs.readFileSync(SPEC_FILE, 'utf8')) as Spec) : { paths: {}, components: { schemas: {} } };

/** A small JSON-Schema (OpenAPI 3.1 subset) checker: type, required, properties, anyOf, items, enum, pattern, $ref. */
function check(schema: Schema, v: unknown, at = '$'): string[] {
  if (schema.$ref) return check(spec.components.schemas[schema.$ref.split('/').pop() as string] as Schema, v, at);
  if (schema.anyOf) return schema.anyOf.some((s) => check(s, v, at).length === 0) ? [] : [`${at}: matches no anyOf branch (${JSON.stringify(v)?.slice(0, 60)})`];
  if (schema.enum && !schema.enum.includes(v)) return [`${at}: ${JSON.stringify(v)} not in enum`];
  const t = schema.type;
  const typeOk =
    t === undefined ||
    (t === 'object' && v !== null && typeof v === 'object' && !Array.isArray(v)) ||
    (t === 'array' && Array.isArray(v)) ||
    (t === 'string' && typeof v === 'string' && (!schema.pattern || new RegExp(schema.pattern).test(v))) ||
    (t === 'integer' && Number.isInteger(v)) ||
    (t === 'number' && typeof v === 'number') ||
    (t === 'boolean' && typeof v === 'boolean') ||
    (t === 'null' && v === null);
  if (!typeOk) return [`${at}: expected ${t}, got ${JSON.stringify(v)?.slice(0, 60)}`];
  const errs: string[] = [];
  if (t === 'object') {
    const o = v as Record<string, unknown>;
    for (const r of schema.required ?? []) if (!(r in o)) errs.push(`${at}.${r}: required`);
    for (const [k, s] of Object.entries(schema.properties ?? {})) if (k in o) errs.push(...check(s, o[k], `${at}.${k}`));
    if (typeof schema.additionalProperties === 'object') for (const [k, x] of Object.entries(o)) if (!schema.properties?.[k]) errs.push(...check(schema.additionalProperties, x, `${at}.${k}`));
  }
  if (t === 'array' && schema.items) (v as unknown[]).forEach((x, i) => errs.push(...check(schema.items as Schema, x, `${at}[${i}]`)));
  return errs;
}

interface Seen { method: string; path: string; body: unknown; status: number; response: unknown }
const seen: Seen[] = [];
const templates = Object.keys(spec.paths).map((p) => ({ p, re: new RegExp(`^${p.replace(/\{[^}]+\}/g, '[^/]+')}$`) }));
const recordingFetch = async (req: Request): Promise<Response> => {
  const body = req.method === 'GET' ? undefined : await req.clone().text();
  const res = await fetch(req);
  const text = await res.clone().text();
  seen.push({ method: req.method.toLowerCase(), path: new URL(req.url).pathname, body: body ? JSON.parse(body) : undefined, status: res.status, response: text ? JSON.parse(text) : undefined });
  return res;
};

let h: DevnetHarness;
beforeAll(async () => {
  h = await startDevnetHarness({ wire: 'c27c654' }); // the stored OpenAPI spec is the c27c654 coordinator's
});
afterAll(() => h.close());

describe('OpenAPI drift guard', () => {
  it('has the spec to check against', () => expect(hasSpec).toBe(true));

  it('client requests and devnet responses validate against the spec for every endpoint used', async () => {
    const miner = startMiner({ coordinatorUrl: h.devnet.url, apiKey: h.minerKey, minerId: 'drift-miner', backend: createSimulatedBackend({ models: ['drift:1b'] }), pricePer1kTokens: '0.01', region: 'x', pollMs: 30, fetch: recordingFetch as typeof fetch });
    const account = privateKeyToAccount(generatePrivateKey());
    h.devnet.ledger.credit(account.address, '10', 'test');
    const client = createAitbcClient({ baseUrl: h.devnet.url, account, fetch: recordingFetch as typeof fetch });
    await client.health();
    const job = await client.createJob({ payload: { type: 'inference', model: 'drift:1b', prompt: 'p' }, constraints: { models: ['drift:1b'] }, ttlSeconds: 60, paymentAmount: '1' });
    await expect.poll(async () => (await client.getJob(job.job_id)).state, { timeout: 5000 }).toBe('COMPLETED');
    await client.getResult(job.job_id);
    await client.getReceipt(job.job_id);
    await client.listReceipts(job.job_id);
    await client.getPayment(job.job_id);
    await client.listJobs();
    await client.gpuList();
    await client.getJob('f'.repeat(32)).catch(() => undefined);
    const j2 = await client.createJob({ payload: { type: 'inference', model: 'none:1b', prompt: 'p' }, constraints: { models: ['none:1b'] }, ttlSeconds: 60 });
    await client.getResult(j2.job_id);
    await client.cancelJob(j2.job_id);
    await miner.stop();

    const checked = new Set<string>();
    const problems: string[] = [];
    for (const s of seen) {
      const t = templates.find((x) => x.re.test(s.path) && spec.paths[x.p]?.[s.method]);
      if (!t) continue;
      const op = spec.paths[t.p]?.[s.method];
      if (!op) continue;
      const reqSchema = op.requestBody?.content['application/json']?.schema;
      if (reqSchema && s.body !== undefined) problems.push(...check(reqSchema, s.body).map((e) => `${s.method} ${t.p} request ${e}`));
      const resSchema = op.responses[String(s.status)]?.content?.['application/json']?.schema;
      if (s.status !== 204) {
        expect(op.responses[String(s.status)], `${s.method} ${t.p} answered ${s.status}, which the spec does not list`).toBeDefined();
        if (resSchema) problems.push(...check(resSchema, s.response).map((e) => `${s.method} ${t.p} ${s.status} ${e}`));
      }
      checked.add(`${s.method} ${t.p} ${s.status}`);
    }
    expect(problems).toEqual([]);
    // the checker itself can fail: a JobView without job_id and with an unknown state is rejected
    expect(check({ $ref: '#/components/schemas/JobView' }, { state: 'DONE' })).toHaveLength(2);
    expect([...checked]).toEqual(
      expect.arrayContaining([
        'post /v1/auth/nonce 200', 'post /v1/login 200', 'post /v1/jobs 201', 'get /v1/jobs/{job_id} 200', 'get /v1/jobs/{job_id} 404', 'get /v1/jobs/{job_id}/result 200',
        'get /v1/jobs/{job_id}/result 425', 'post /v1/jobs/{job_id}/cancel 200', 'get /v1/jobs/{job_id}/receipt 200', 'get /v1/jobs/{job_id}/receipts 200', 'get /v1/jobs/{job_id}/payment 200',
        'get /v1/jobs 200', 'get /v1/marketplace/gpu/list 200', 'get /health 200', 'post /v1/miners/register 200', 'post /v1/miners/poll 200', 'post /v1/miners/{job_id}/result 200',
      ]),
    );
  });
});
