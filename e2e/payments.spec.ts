import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { generatePrivateKey, privateKeyToAccount } from 'viem/accounts';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it, onTestFailed } from 'vitest';
import type { JobPaymentView } from '../src/shared/contract/network';
import { startFakeOllama } from '../test-support/fake-ollama/fake-ollama';
import { createEventHub } from '../src/main/events/event-hub';
import { createLogger } from '../src/main/log/logger';
import { createOllamaBackend, startMiner } from '../src/main/miner/port';
import { createAitbcNetworkBackend } from '../src/main/network/aitbc-network-backend';
import { createPaymentBook } from '../src/main/network/payment-book';
import { startDevnetHarness } from '../src/main/network/test-devnet';
import { openDatabase } from '../src/main/store/database';
import { seriousAxeViolations } from './support/axe';
import { launchChromium, screenshot } from './support/browser';
import { hostCall, waitFor } from './support/host-api';
import { freePort, startServe, type Served } from './support/serve';

// #13 "the Proofs page shows payment states": a person sends a paid chat through ClawGrid to the v0.25 devnet (the
// default network): the wallet signs the escrow lock, the receipt verifies, the escrow is released — and the Proofs
// page and the request log show that job's payment released with its lock and release transactions. A job whose
// receipt failed verification (run beforehand against a second devnet by the same network runtime, stored in this
// data dir by the same payment book) is announced at the top of the Proofs page with what to do next.
const MODEL = 'llama3.1:70b';
const DISPUTE_REASON = 'signature does not match the pinned key';
let dataDir: string;
let served: Served;
let browser: Browser;
let providerUrl: string;
let disputedJob: string;
let paidJob: string;

const call = <T>(name: string, input: unknown): Promise<T> => hostCall<T>(served, name, input);

/** A job rejected for a receipt that failed verification, run for real on a devnet and noted in `dataDir`'s payment book. */
async function disputeOneJob(dir: string): Promise<string> {
  const h = await startDevnetHarness({ wire: 'v025', zk: false });
  const ollama = await startFakeOllama({ loaded: ['llama3.2:3b'] });
  const miner = startMiner({ coordinatorUrl: h.devnet.url, apiKey: h.minerKey, minerId: 'm-dispute', backend: createOllamaBackend({ url: ollama.url }), pricePer1kTokens: '0.01', region: 'eu', pollMs: 50, payoutAddress: '0x00000000000000000000000000000000000beef3' });
  const db = openDatabase(dir);
  const book = createPaymentBook({ db, hub: createEventHub(), log: createLogger({ level: 'error' }), active: () => null });
  try {
    const buyer = privateKeyToAccount(generatePrivateKey());
    h.devnet.ledger.credit(buyer.address, '10', 'test_fund');
    const backend = createAitbcNetworkBackend({
      client: await h.newClient('0'), intents: h.intents, network: 'devnet', listStaleMs: 0, offersTtlMs: 0, poll: { baseMs: 30, factor: 1.5, maxMs: 200, jitter: 0.2 },
      signer: async () => buyer, verifyReceipt: async () => ({ ok: false, reason: DISPUTE_REASON }), onPayment: (n) => book.note(n),
    });
    await waitFor(() => backend.offers(), (o) => o.length > 0, 'the dispute devnet’s offer');
    const err = await backend.run({ requestId: 'disputed-request', model: 'llama3.2:3b', messages: [{ role: 'user', content: 'hi' }], ttlSeconds: 60, paymentAmountAit: '0.05' }, { signal: new AbortController().signal }).then(
      () => null,
      (e: unknown) => e as { jobId?: string },
    );
    if (!err?.jobId) throw new Error('the job with a failing receipt was not rejected');
    return err.jobId;
  } finally {
    book.stop();
    db.close();
    await miner.stop();
    await h.close();
    await ollama.close();
  }
}

beforeAll(async () => {
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'cg-e2e-payments-'));
  disputedJob = await disputeOneJob(dataDir);
  const providerPort = await freePort();
  providerUrl = `http://127.0.0.1:${providerPort}`;
  served = await startServe({ CLAWGRID_DATA_DIR: dataDir, CLAWGRID_PROVIDER_PORT: String(providerPort), CLAWGRID_DEVNET_PORT: String(await freePort()) });
  browser = await launchChromium();
  // a paid chat the way OpenClaw sends it, to a network-only agent
  const issued = await call<{ key: string; agent: { id: string } }>('routing.createAgent', { name: 'paying-agent', policy: { mode: 'network' } });
  await waitFor(() => call<{ offers: { model: string }[] }>('network.offers', {}), (r) => r.offers.some((o) => o.model === MODEL), `a devnet offer for ${MODEL}`);
  const res = await fetch(`${providerUrl}/api/chat`, {
    method: 'POST',
    headers: { authorization: `Bearer ${issued.key}`, 'content-type': 'application/json' },
    body: JSON.stringify({ model: `${MODEL}@network`, messages: [{ role: 'user', content: 'pay for this' }], stream: false }),
  });
  if (res.status !== 200) throw new Error(`the paid chat failed: ${res.status} ${await res.text()}`);
  const snapshot = await call<{ requests: { agentId: string; jobId: string | null }[] }>('routing.snapshot', {});
  paidJob = snapshot.requests.find((r) => r.agentId === issued.agent.id)?.jobId ?? '';
}, 120_000);
afterAll(async () => {
  await browser?.close();
  await served?.stop();
});

async function open(name: string): Promise<Page> {
  const context = await browser.newContext({ bypassCSP: true }); // axe is injected as a script tag
  await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: served.origin });
  const page = await context.newPage();
  onTestFailed(async () => console.error(`screenshot: ${await screenshot(page, name)}`));
  await page.goto(served.url);
  return page;
}

describe('network payments on the Proofs page and the request log (headless host + chromium)', () => {
  it('a paid devnet job is stored released with its lock and release transactions', async () => {
    expect(paidJob).toMatch(/\S/);
    const [p] = (await call<{ payments: JobPaymentView[] }>('network.payments', { jobIds: [paidJob] })).payments;
    expect(p).toMatchObject({ network: 'devnet', wire: 'v025', state: 'released', lockTx: expect.stringMatching(/^0x[0-9a-f]{64}$/), releaseTx: expect.stringMatching(/^0x[0-9a-f]{64}$/) });
  });

  it('the Proofs page shows the paid job released with its transactions, copyable', async () => {
    const { releaseTx, lockTx } = (await call<{ payments: JobPaymentView[] }>('network.payments', { jobIds: [paidJob] })).payments[0]!;
    const page = await open('payments-proofs');
    await page.getByTestId('nav-proofs').click();
    const link = page.locator('[data-testid="proof-link"]', { hasText: `job ${paidJob.slice(0, 8)}…` });
    await expect.poll(() => link.getByTestId('payment-state').getAttribute('data-state'), { timeout: 15_000 }).toBe('released');
    expect(await link.getByTestId('tx-lock').getAttribute('data-hash')).toBe(lockTx);
    expect(await link.getByTestId('tx-release').locator('code').getAttribute('title')).toBe(releaseTx);
    // copied with the keyboard: focus the copy button, press Enter, the whole hash is on the clipboard
    const copy = link.getByRole('button', { name: `Copy release transaction ${releaseTx}` });
    await copy.focus();
    await page.keyboard.press('Enter');
    await expect.poll(() => page.evaluate(() => navigator.clipboard.readText())).toBe(releaseTx);
    // the link's drawer spells the payment out
    await link.locator('button.proof-link').click();
    await expect.poll(() => page.getByTestId('payment-details').getAttribute('data-state'), { timeout: 15_000 }).toBe('released');
    expect(await seriousAxeViolations(page), 'proofs page with payments').toEqual([]);
    await page.close();
  }, 60_000);

  it('the request log shows the paid request’s payment released', async () => {
    const page = await open('payments-request-log');
    await page.getByTestId('nav-routing').click();
    const cell = page.locator('[data-testid="request-row"] [data-testid="request-payment"]').first();
    await expect.poll(() => cell.getAttribute('data-state'), { timeout: 15_000 }).toBe('released');
    expect(await cell.textContent()).toContain('released');
    expect(await cell.getByTestId('tx-release').count()).toBe(1);
    expect(await seriousAxeViolations(page), 'routing page with payments').toEqual([]);
    await page.close();
  }, 60_000);

  it('a disputed job is announced at the top of the Proofs page with what to do next, reachable by keyboard', async () => {
    const page = await open('payments-disputed');
    // the window opens on the dashboard; the header already says a payment is disputed and leads to the Proofs page
    const badge = page.getByTestId('disputed-badge');
    await expect.poll(() => badge.textContent(), { timeout: 15_000 }).toBe('1 disputed');
    await badge.focus();
    await page.keyboard.press('Enter');
    await expect.poll(() => page.getByTestId('page-proofs').count(), { timeout: 15_000 }).toBe(1);
    const banner = page.getByTestId('disputed-payments');
    await expect.poll(() => banner.count(), { timeout: 15_000 }).toBe(1);
    expect(await banner.locator('h2').textContent()).toBe('1 disputed payment');
    expect(await page.getByTestId('disputed-summary').getAttribute('role')).toBe('alert');
    const job = banner.locator(`[data-testid="disputed-job"][data-job="${disputedJob}"]`);
    expect(await job.getByTestId('disputed-reason').textContent()).toContain(DISPUTE_REASON);
    expect(await job.getByTestId('disputed-next-steps').textContent()).toContain('The miner was not paid');
    expect(await job.getByTestId('tx-lock').count()).toBe(1);
    // it comes before the chain on the page (the first thing read after the heading)
    const order = await page.evaluate(() => {
      const all = [...document.querySelectorAll('[data-testid="disputed-payments"], [data-testid="proof-timeline"]')];
      return all.map((e) => e.getAttribute('data-testid'));
    });
    expect(order[0]).toBe('disputed-payments');
    // "Check again" with the keyboard asks the network; a dispute waits for the operator, so it stays
    await page.getByTestId('disputed-check').focus();
    await page.keyboard.press('Enter');
    await expect.poll(() => page.getByTestId('disputed-check').textContent()).toBe('Check again');
    expect(await banner.count()).toBe(1);
    expect(await seriousAxeViolations(page), 'disputed banner').toEqual([]);
    await page.close();
  }, 60_000);
});
