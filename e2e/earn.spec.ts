import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it, onTestFailed } from 'vitest';
import type { EarnStatus } from '../src/shared/contract/earn';
import { plainClient } from '../test-support/aitbc-plain-client';
import { startFakeOllama, type FakeOllama } from '../test-support/fake-ollama/fake-ollama';
import { seriousAxeViolations } from './support/axe';
import { launchChromium, screenshot } from './support/browser';
import { hostCall, waitFor } from './support/host-api';
import { freePort, startServe, type Served } from './support/serve';

// Issue #16 item 5: `npm run serve` in earn mode (env vars only) serves a job another client bound to its offer on
// the devnet; the Earn page shows the job with its verified receipt and the earning released by the chain.
const MODEL = 'llama3.2:3b';
let served: Served;
let browser: Browser;
let ollama: FakeOllama;
let jobId: string;

beforeAll(async () => {
  ollama = await startFakeOllama({ loaded: [MODEL] });
  const devnetPort = await freePort();
  served = await startServe({
    CLAWGRID_OLLAMA_URL: ollama.url, CLAWGRID_DEVNET_PORT: String(devnetPort), CLAWGRID_DEVNET_MINERS: '0', CLAWGRID_PROVIDER_PORT: String(await freePort()),
    CLAWGRID_EARN: 'on', CLAWGRID_EARN_MODELS: MODEL, CLAWGRID_MINER_ID: 'e2e-rig', CLAWGRID_EARN_PRICE_PER_1K: '0.004',
  });
  // The shared test machine's CPU and RAM are not this spec's subject: limits at 100 % so it is not paused by them.
  await hostCall(served, 'settings.update', { earnLimits: { cpuPct: 100, ramPct: 100, gpuMemPct: 100 } });
  const s = await waitFor(() => hostCall<EarnStatus>(served, 'earn.status', {}), (x) => x.state === 'earning' && x.offers.length === 1, 'earn mode earning with its offer', 60_000);
  const buyer = await plainClient(`http://127.0.0.1:${devnetPort}`);
  const job = await buyer.submit({ payload: { model: MODEL, prompt: 'e2e: hello miner' }, offer_id: s.offers[0]!.offerId, offer_quantity: '5', ttl_seconds: 120 });
  jobId = job.job_id;
  await buyer.lock(jobId);
  await buyer.waitFor(jobId, ['COMPLETED']);
  await buyer.post(`/v1/jobs/${jobId}/accept`, {});
  browser = await launchChromium();
}, 120_000);
afterAll(async () => {
  await browser?.close();
  await served?.stop();
  await ollama?.close();
});

async function openEarn(name: string): Promise<Page> {
  const page = await browser.newPage({ bypassCSP: true });
  onTestFailed(async () => console.error(`screenshot: ${await screenshot(page, name)}`));
  await page.goto(served.url);
  await page.getByTestId('nav-earn').click();
  return page;
}

describe('Earn page', () => {
  it('shows the served job, its verified receipt and the released earning', async () => {
    const page = await openEarn('earn-served');
    await expect.poll(() => page.getByTestId('earn-state').textContent(), { timeout: 15_000 }).toBe('Earning');
    await expect.poll(() => page.getByTestId(`earn-job-${jobId}`).count(), { timeout: 20_000 }).toBe(1);
    await expect.poll(() => page.getByTestId(`earn-job-released-${jobId}`).textContent(), { timeout: 20_000 }).toContain('0.02');
    expect(await page.getByTestId(`earn-receipt-${jobId}`).textContent()).toBe('signature valid');
    // The totals come with the status (its event), the row with the jobs list: each arrives on its own.
    await expect.poll(() => page.getByTestId('earn-released').textContent(), { timeout: 10_000 }).toBe('0.02');
    expect(await page.getByTestId('earn-offers').textContent()).toContain(MODEL);
    await expect.poll(() => page.getByTestId('earn-days').textContent(), { timeout: 10_000 }).toContain('0.02');
    expect(await seriousAxeViolations(page)).toEqual([]);
    await page.close();
  });
});
