import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it, onTestFailed } from 'vitest';
import { createAitbcClient } from '../src/main/aitbc/port';
import { loadDevnetConfig } from '../src/main/devnet/devnet-config';
import { publicKeyFromSeed } from '../src/main/devnet/receipt-signer';
import { createAitbcNetworkBackend } from '../src/main/network/aitbc-network-backend';
import { loadOrCreateClientAccount } from '../src/main/network/client-keys';
import { createJobIntentStore } from '../src/main/network/job-intents';
import { verifyReceiptSignature } from '../src/main/proofs/receipt-signature';
import { openDatabase } from '../src/main/store/database';
import { seriousAxeViolations } from './support/axe';
import { screenshot } from './support/browser';
import { waitFor } from './support/host-api';
import { startSession, type Session } from './support/session';

// Issue #14 item 3 "done when": reconciliation runs in the app against the live devnet coordinator. It ran at
// start (nothing to compare yet); after a paid chat the Wallet page's button compares the ledger with the
// coordinator's payment and the chain's escrow legs ("1 payment matches"). Then a paid job made on the same
// devnet login by another client (what a ClawGrid that crashed between the release and its booking leaves) is
// found in the coordinator's job list: the next run appends it and shows the mismatch with its evidence.
const MODEL = 'llama3.1:70b';
let session: Session;
let served: Session['served'];
let browser: Browser;
let providerUrl: string;
let page: Page;
const call = <T>(name: string, input: unknown): Promise<T> => session.call<T>(name, input);

beforeAll(async () => {
  // no grace period: the test's own paid job closes a moment before the button is pressed
  session = await startSession({ CLAWGRID_RECONCILE_GRACE_MS: '0' });
  ({ served, browser, providerUrl } = session);
}, 90_000);
afterAll(async () => session?.close());

describe('reconciliation on the Wallet page (headless host + chromium, live devnet)', () => {
  it('ran at start, then a paid chat → "1 payment matches"', async () => {
    // the start run happens once the devnet is connected
    await waitFor(() => call<{ lastRun: { trigger: string } | null }>('wallet.reconcileIssues', {}), (r) => r.lastRun?.trigger === 'start', 'the start run', 30_000);
    const issued = await call<{ agent: { id: string }; key: string }>('routing.createAgent', { name: 'recon-agent', policy: { mode: 'network' } });
    await call('wallet.setPolicy', {
      agentId: issued.agent.id,
      policy: { hardLimitAit: '5', softLimitAit: null, period: { kind: 'daily', timeZone: 'UTC' }, modelCapsAit: {}, maxPricePer1kAit: null, approvalThresholdAit: null, approveOnSoftLimit: false },
    });
    await waitFor(() => call<{ offers: { model: string }[] }>('network.offers', {}), (r) => r.offers.some((o) => o.model === MODEL), `a devnet offer for ${MODEL}`);
    const res = await fetch(`${providerUrl}/api/chat`, {
      method: 'POST',
      headers: { authorization: `Bearer ${issued.key}`, 'content-type': 'application/json' },
      body: JSON.stringify({ model: `${MODEL}@network`, messages: [{ role: 'user', content: 'reconcile me' }], stream: false }),
    });
    expect(res.status, await res.text()).toBe(200);

    page = await browser.newPage({ bypassCSP: true }); // axe is injected at the end (test-only)
    onTestFailed(async () => console.error(`screenshot: ${await screenshot(page, 'reconcile-match')}`));
    await page.goto(served.url);
    await page.getByTestId('nav-wallet').click();
    const panel = page.getByTestId('reconcile');
    await expect.poll(() => panel.getByTestId('reconcile-last-run').textContent(), { timeout: 15_000 }).toContain('at start');
    await panel.getByRole('button', { name: 'Compare with the coordinator' }).click();
    await expect.poll(() => panel.getByTestId('reconcile-last-run').textContent(), { timeout: 15_000 }).toContain('on request');
    expect(await panel.getByTestId('reconcile-summary').textContent()).toMatch(/^1 payment matches · 0 mismatches \(of 1 checked\)$/);
    expect(await panel.getByTestId('reconcile-last-run').textContent()).toContain('devnet');
  }, 90_000);

  it('a paid job the ledger never booked is found, appended, and shown with its evidence', async () => {
    onTestFailed(async () => console.error(`screenshot: ${await screenshot(page, 'reconcile-mismatch')}`));
    const status = await call<{ devnet: { url: string } | null }>('network.status', {});
    const devnetUrl = status.devnet?.url ?? '';
    // the same devnet login (its key in the data dir), another process: it pays, the ClawGrid ledger never hears of it
    const client = createAitbcClient({ baseUrl: devnetUrl, account: loadOrCreateClientAccount(served.dataDir, 'devnet'), timeoutMs: 10_000 });
    const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'cg-e2e-recon-'));
    const db = openDatabase(tmp);
    const key = publicKeyFromSeed(loadDevnetConfig(served.dataDir).RECEIPT_SIGNING_KEY_HEX);
    const other = createAitbcNetworkBackend({
      client, intents: createJobIntentStore(db), network: 'devnet', listStaleMs: 0, signer: async () => loadOrCreateClientAccount(served.dataDir, 'devnet'),
      verifyReceipt: async (r) => (verifyReceiptSignature(r as never, key).valid ? { ok: true } : { ok: false, reason: 'bad signature' }),
    });
    const paid = await other.run({ requestId: 'outside-clawgrid', model: MODEL, messages: [{ role: 'user', content: 'paid elsewhere' }], ttlSeconds: 60, paymentAmountAit: '0.02' }, { signal: new AbortController().signal });
    db.close();
    fs.rmSync(tmp, { recursive: true, force: true });
    expect(paid.payment?.state).toBe('released');

    const panel = page.getByTestId('reconcile');
    const before = await panel.getByTestId('reconcile-last-run').getAttribute('data-run-id');
    await panel.getByRole('button', { name: 'Compare with the coordinator' }).click();
    await expect.poll(() => panel.getByTestId('reconcile-last-run').getAttribute('data-run-id'), { timeout: 15_000 }).not.toBe(before);
    expect(await panel.getByTestId('reconcile-summary').textContent()).toContain('1 appended');
    const issue = panel.locator('[data-testid="reconcile-issue"][data-kind="missing_locally"]');
    await expect.poll(() => issue.count(), { timeout: 10_000 }).toBe(1);
    const text = (await issue.textContent()) ?? '';
    expect(text).toContain(`Job ${paid.jobId.slice(0, 12)}`);
    expect(text).toContain('The coordinator paid this job but the ledger had no settlement; appended');
    const evidence = (await issue.getByTestId('reconcile-evidence').textContent()) ?? '';
    expect(evidence).toMatch(/Coordinator\s*released, 0\.0\d+ AIT/);
    expect(evidence).toContain(`lock ${(paid.payment?.lockTx ?? '').slice(0, 10)}`);
    expect(evidence).toMatch(/Chain\s*released/);
    expect(evidence).toContain('no entry');
    // and the ledger now carries it, once
    const history = await call<{ entries: { kind: string; jobId: string | null }[] }>('wallet.history', { limit: 200 });
    expect(history.entries.filter((e) => e.kind === 'settle' && e.jobId === paid.jobId)).toHaveLength(1);
    expect(await seriousAxeViolations(page)).toEqual([]); // the evidence list is as accessible as the rest of the page
  }, 90_000);
});
