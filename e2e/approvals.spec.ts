import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it, onTestFailed } from 'vitest';
import { screenshot } from './support/browser';
import { waitFor } from './support/host-api';
import { startSession, type Session } from './support/session';

// Issue #6: a paid request above the agent's approval threshold waits in the approvals drawer; the person
// approves it in the UI, it completes and the agent's spend bar moves; a second one is denied and the
// client (OpenClaw) gets HTTP 429 with the reason. Runs on the default devnet (two simulated miners: no Ollama).
const MODEL = 'llama3.1:70b';
let session: Session;
let served: Session['served'];
let browser: Browser;
let providerUrl: string;

beforeAll(async () => {
  session = await startSession();
  ({ served, browser, providerUrl } = session);
}, 90_000);
afterAll(async () => session?.close());

const call = <T>(name: string, input: unknown): Promise<T> => session.call<T>(name, input);

/** What OpenClaw does: a chat request to ClawGrid's Ollama-compatible endpoint with the agent's key. */
function chat(key: string, content: string): Promise<Response> {
  return fetch(`${providerUrl}/api/chat`, {
    method: 'POST',
    headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
    body: JSON.stringify({ model: `${MODEL}@network`, messages: [{ role: 'user', content }], stream: false }),
  });
}

describe('payment approvals (headless host + chromium)', () => {
  let page: Page;
  let agentId: string;
  let key: string;

  beforeAll(async () => {
    const issued = await call<{ agent: { id: string }; key: string }>('routing.createAgent', { name: 'paid-agent', policy: { mode: 'network' } });
    agentId = issued.agent.id;
    key = issued.key;
    await call('wallet.setPolicy', {
      agentId,
      policy: { hardLimitAit: '5', softLimitAit: null, period: { kind: 'daily', timeZone: 'UTC' }, modelCapsAit: {}, maxPricePer1kAit: null, approvalThresholdAit: '0.000001', approveOnSoftLimit: false },
    });
    // the devnet's miners must be up and offering the model before the request is planned
    await waitFor(() => call<{ offers: { model: string }[] }>('network.offers', {}), (r) => r.offers.some((o) => o.model === MODEL), `a devnet offer for ${MODEL}`);
    page = await browser.newPage();
    await page.goto(served.url);
    await page.getByTestId('nav-wallet').click();
    await waitFor(() => page.getByTestId(`spend-card-${agentId}`).count(), (n) => n === 1, 'the agent\'s spend card', 15_000);
  }, 60_000);

  it('approve in the drawer → the request completes and the spend bar moves', async () => {
    onTestFailed(async () => console.error(`screenshot: ${await screenshot(page, 'approvals-approve')}`));
    const spent = page.getByTestId(`spend-bar-${agentId}-spent`);
    const spentBefore = await spent.textContent();
    const pending = chat(key, 'please approve me');
    await expect.poll(() => page.getByTestId('approvals-count').textContent(), { timeout: 20_000 }).toBe('1');
    await page.getByTestId('approvals-badge').click();
    const card = page.getByTestId('approval-card');
    await expect.poll(() => card.textContent(), { timeout: 5_000 }).toMatch(new RegExp(`paid-agent|${agentId}`));
    expect(await card.textContent()).toContain(MODEL);
    await card.getByTestId('approve-once').click();
    const res = await pending;
    const text = await res.text();
    expect(res.status, text).toBe(200);
    expect((JSON.parse(text) as { message: { content: string } }).message.content).toContain('please approve me');
    await expect.poll(() => page.getByTestId('approvals-count').textContent(), { timeout: 10_000 }).toBe('0');
    expect(spentBefore).toBe('0');
    await expect.poll(() => spent.textContent(), { timeout: 15_000 }).toMatch(/^0\.0*[1-9]/); // settled from the receipt
  }, 60_000);

  it('deny in the drawer → the client gets HTTP 429 with the reason', async () => {
    onTestFailed(async () => console.error(`screenshot: ${await screenshot(page, 'approvals-deny')}`));
    const pending = chat(key, 'please deny me');
    await expect.poll(() => page.getByTestId('approvals-count').textContent(), { timeout: 20_000 }).toBe('1');
    if ((await page.getByTestId('approvals-dialog').count()) === 0) await page.getByTestId('approvals-badge').click();
    await page.getByTestId('approval-card').getByTestId('deny').click();
    const res = await pending;
    expect(res.status).toBe(429);
    expect(await res.text()).toMatch(/denied by the user/);
    await expect.poll(() => page.getByTestId('approvals-count').textContent(), { timeout: 10_000 }).toBe('0');
  }, 60_000);
});
