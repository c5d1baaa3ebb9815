import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it, onTestFailed } from 'vitest';
import { loadDevnetConfig } from '../src/main/devnet/devnet-config';
import { buildSignedReceipt } from '../src/main/devnet/devnet-receipts';
import { proveReceipt } from '../src/main/devnet/devnet-prover';
import { createProofChainStore } from '../src/main/proofs/proof-chain-store';
import { createProofsService } from '../src/main/proofs/proofs-service';
import { publicKeyFromSeed } from '../src/main/devnet/receipt-signer';
import { createZkEngine } from '../src/main/proofs/zk-engine';
import { openDatabase } from '../src/main/store/database';
import { launchChromium, screenshot } from './support/browser';
import { freePort, startServe, type Served } from './support/serve';

// A person who ran jobs on the devnet opens the Proofs page: each execution is a chain link with its status,
// "Verify all" recomputes the chain, and a link's drawer says what its receipt and proof do and do not attest.
// The links are recorded through the proofs service with receipts built and signed by the devnet's own code
// and key (and a real devnet proof) before `npm run serve` starts on that data directory.
let dataDir: string;
let served: Served;
let browser: Browser;

beforeAll(async () => {
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'cg-e2e-proofs-'));
  const seed = loadDevnetConfig(dataDir).RECEIPT_SIGNING_KEY_HEX;
  const db = openDatabase(dataDir);
  const engine = createZkEngine();
  const svc = createProofsService({ store: createProofChainStore(db), engine, devnetPublicKey: () => publicKeyFromSeed(seed) });
  const job = (jobId: string, output: string) =>
    buildSignedReceipt(
      { jobId, provider: 'm-1', client: 'u-1', payload: { type: 'inference', model: 'llama3.2:3b', prompt: 'hi' }, constraints: { models: ['llama3.2:3b'] }, result: { status: 'completed', output }, metrics: { duration_ms: 1500 }, jobAgeS: 2 },
      seed,
    );
  const rec = { agentId: 'default', model: 'llama3.2:3b', modelDigest: null, request: '{"prompt":"hi"}', response: '{"response":"ok"}' };
  svc.recordExecution({ ...rec, requestId: 'r1', modelDigest: 'sha256:1234', backend: 'local', network: null });
  svc.recordExecution({ ...rec, requestId: 'r2', backend: 'network', network: 'devnet', jobId: 'a'.repeat(32), receipt: job('a'.repeat(32), 'plain answer') });
  const proven = job('b'.repeat(32), 'proven answer');
  svc.recordExecution({ ...rec, requestId: 'r3', backend: 'network', network: 'devnet', jobId: 'b'.repeat(32), receipt: { ...proven, zk_status: 'verified', zk_proof: await proveReceipt(proven, engine) } });
  svc.recordExecution({ ...rec, requestId: 'r4', backend: 'network', network: 'devnet', jobId: 'c'.repeat(32), receipt: { ...job('c'.repeat(32), 'x'), price: 1000 } });
  await svc.verifyChain();
  await engine.close();
  db.close();
  served = await startServe({ CLAWGRID_DATA_DIR: dataDir, CLAWGRID_NETWORK: 'off' });
  browser = await launchChromium();
});
afterAll(async () => {
  await browser?.close();
  await served?.stop();
  fs.rmSync(dataDir, { recursive: true, force: true });
});

async function openProofs(name: string): Promise<Page> {
  const page = await browser.newPage();
  onTestFailed(async () => console.error(`screenshot: ${await screenshot(page, name)}`));
  await page.goto(served.url);
  await page.getByTestId('nav-proofs').click();
  await expect.poll(() => page.getByTestId('proof-link').count(), { timeout: 15_000 }).toBe(4);
  return page;
}

const statusOf = (page: Page, seq: number) => page.locator(`[data-testid="proof-link"][data-seq="${seq}"] [data-testid="proof-status"]`).getAttribute('data-status');

describe('proofs page (headless host + chromium)', () => {
  it('shows the chain with per-job status and verifies it all', async () => {
    const page = await openProofs('proofs-chain');
    expect(await statusOf(page, 1)).toBe('local');
    expect(await statusOf(page, 2)).toBe('no_proof_requested');
    expect(await statusOf(page, 3)).toBe('verified');
    expect(await statusOf(page, 4)).toBe('failed');
    await page.getByTestId('verify-all').click();
    await expect.poll(() => page.getByTestId('chain-result').textContent(), { timeout: 20_000 }).toContain('Chain intact: 4 links');
    expect(await page.getByTestId('chain-result').textContent()).toContain('1 verified');
    await page.close();
  });

  it('opens a link’s details: signing key, public signal, recomputed hash and what the proof attests', async () => {
    const page = await openProofs('proofs-drawer');
    await page.locator('[data-testid="proof-link"][data-seq="3"] button.proof-link').click();
    const drawer = page.getByTestId('proof-drawer');
    await expect.poll(() => drawer.getByTestId('proof-zk').getAttribute('data-status'), { timeout: 15_000 }).toBe('valid');
    expect(await drawer.getByTestId('proof-signature').getAttribute('data-status')).toBe('valid');
    expect(await drawer.getByTestId('proof-public-signal').textContent()).toBe(await drawer.getByTestId('proof-recomputed-hash').textContent());
    expect(await drawer.getByTestId('proof-attests').textContent()).toContain('the proof is about this receipt');
    expect(await drawer.getByTestId('proof-does-not-attest').textContent()).toContain('not computation');
    expect(await drawer.getByTestId('proof-receipt-fields').textContent()).toContain('proven answer');
    await page.locator('[data-testid="proof-link"][data-seq="4"] button.proof-link').click();
    await expect.poll(() => page.getByTestId('proof-reason').textContent(), { timeout: 15_000 }).toContain('altered');
    expect(await page.getByTestId('pinned-key').textContent()).toContain('devnet');
    await page.close();
  });
});

// Issue #7 "done when", through the real path: an agent whose policy requires proofs sends a chat the way OpenClaw
// does; the engine routes it to the default devnet (two simulated miners), the devnet attaches a real Groth16
// proof to the signed receipt, the engine records the execution, and the Proofs page shows that job verified.
describe('a proof-required chat on the devnet (headless host + chromium)', () => {
  const MODEL = 'llama3.1:70b';
  let live: Served;
  let providerUrl: string;

  /** Setup through the host's REST API (what the UI calls), with the host token. */
  async function call<T>(name: string, input: unknown): Promise<T> {
    const res = await fetch(`${live.origin}/api/call/${name}`, { method: 'POST', headers: { authorization: `Bearer ${live.token}`, 'content-type': 'application/json' }, body: JSON.stringify(input) });
    const body = (await res.json()) as { ok: true; output: T } | { ok: false; error: unknown };
    if (!body.ok) throw new Error(`${name} → ${res.status}: ${JSON.stringify(body.error)}`);
    return body.output;
  }

  beforeAll(async () => {
    const providerPort = await freePort();
    providerUrl = `http://127.0.0.1:${providerPort}`;
    live = await startServe({ CLAWGRID_PROVIDER_PORT: String(providerPort), CLAWGRID_DEVNET_PORT: String(await freePort()) });
  }, 90_000);
  afterAll(async () => {
    await live?.stop();
  });

  it('the job’s link appears verified, with its signature and proof valid', async () => {
    const issued = await call<{ agent: { id: string; policy: { requireProof: boolean } }; key: string }>('routing.createAgent', {
      name: 'proving-agent',
      policy: { mode: 'network', requireProof: true },
    });
    expect(issued.agent.policy.requireProof).toBe(true);
    // the devnet's miners must be up and offering the model before the request is planned
    await expect
      .poll(async () => (await call<{ offers: { model: string }[] }>('network.offers', {})).offers.some((o) => o.model === MODEL), { timeout: 30_000, interval: 300 })
      .toBe(true);

    const res = await fetch(`${providerUrl}/api/chat`, {
      method: 'POST',
      headers: { authorization: `Bearer ${issued.key}`, 'content-type': 'application/json' },
      body: JSON.stringify({ model: `${MODEL}@network`, messages: [{ role: 'user', content: 'prove it' }], stream: false }),
    });
    const text = await res.text();
    expect(res.status, text).toBe(200);
    const entry = (await call<{ requests: { agentId: string; jobId: string | null; strategy: string }[] }>('routing.snapshot', {})).requests.find(
      (r) => r.agentId === issued.agent.id,
    );
    expect(entry?.strategy).toBe('network');
    const jobId = entry?.jobId ?? '';
    expect(jobId).toMatch(/\S/);

    const page = await browser.newPage();
    onTestFailed(async () => console.error(`screenshot: ${await screenshot(page, 'proofs-live')}`));
    await page.goto(live.url);
    await page.getByTestId('nav-proofs').click();
    const link = page.locator('[data-testid="proof-link"]', { hasText: `job ${jobId.slice(0, 8)}…` });
    await expect.poll(() => link.count(), { timeout: 15_000 }).toBe(1);
    expect(await link.textContent()).toContain('ZK');
    await expect.poll(() => link.getByTestId('proof-status').getAttribute('data-status'), { timeout: 20_000 }).toBe('verified');
    expect(await link.getByTestId('proof-status').textContent()).toBe('verified');

    await link.locator('button.proof-link').click();
    const drawer = page.getByTestId('proof-drawer');
    await expect.poll(() => drawer.getByTestId('proof-zk').getAttribute('data-status'), { timeout: 15_000 }).toBe('valid');
    expect(await drawer.getByTestId('proof-signature').getAttribute('data-status')).toBe('valid');
    expect(await drawer.getByTestId('proof-public-signal').textContent()).toBe(await drawer.getByTestId('proof-recomputed-hash').textContent());
    expect(await drawer.getByTestId('proof-receipt-fields').textContent()).toContain(jobId);
    await page.close();
  }, 90_000);
});
