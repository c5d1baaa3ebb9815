import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it, onTestFailed } from 'vitest';
import { seriousAxeViolations } from './support/axe';
import { screenshot } from './support/browser';
import { waitFor } from './support/host-api';
import { startSession, type Session } from './support/session';

// Issue #17: every page passes axe-core with no serious or critical violation; a waiting payment is announced
// and approved from its dialog with the keyboard alone; a wallet send is reviewed before it moves AIT on the devnet.
const MODEL = 'llama3.1:70b';
const PAGES = ['models', 'routing', 'agents', 'wallet', 'proofs', 'upgrades', 'earn', 'dashboard', 'settings']; // the window opens on the dashboard
let session: Session;
let served: Session['served'];
let browser: Browser;
let providerUrl: string;

const call = <T>(name: string, input: unknown): Promise<T> => session.call<T>(name, input);

beforeAll(async () => {
  session = await startSession();
  ({ served, browser, providerUrl } = session);
}, 90_000);
afterAll(async () => session?.close());

async function open(name: string, query = ''): Promise<Page> {
  const page = await browser.newPage({ bypassCSP: true }); // axe is injected as a script tag
  onTestFailed(async () => console.error(`screenshot: ${await screenshot(page, name)}`));
  await page.goto(served.url.replace('#', `${query}#`));
  return page;
}

/** Presses Tab until the focused element has `testId` (at most `max` presses): the keyboard path a person takes. */
async function tabTo(page: Page, testId: string, max = 40): Promise<void> {
  for (let i = 0; i < max; i++) {
    if ((await page.evaluate(() => document.activeElement?.getAttribute('data-testid'))) === testId) return;
    await page.keyboard.press('Tab');
  }
  throw new Error(`Tab never reached ${testId}`);
}

describe('accessibility (headless host + chromium + axe-core)', () => {
  it('every page, the setup flow and the approvals dialog have no serious or critical axe violations', async () => {
    const page = await open('axe-pages');
    for (const id of PAGES) {
      await page.getByTestId(`nav-${id}`).click();
      await expect.poll(() => page.getByTestId(`page-${id}`).count(), { timeout: 15_000 }).toBe(1);
      expect(await page.locator('h1').count(), `${id}: one h1`).toBe(1);
      expect(await page.evaluate(() => document.activeElement?.tagName), `${id}: focus on the heading`).toBe('H1');
      expect(await seriousAxeViolations(page), id).toEqual([]);
    }
    await page.getByTestId('settings-open-setup').click();
    for (const step of ['ollama', 'gpu', 'openclaw', 'agents', 'wallet', 'network', 'summary']) {
      await expect.poll(() => page.getByTestId(`setup-step-${step}`).count(), { timeout: 15_000 }).toBe(1);
      expect(await seriousAxeViolations(page), `setup ${step}`).toEqual([]);
      if (step !== 'summary') await page.getByTestId('setup-next').click();
    }
    await page.getByTestId('approvals-badge').click();
    await expect.poll(() => page.getByRole('dialog').count()).toBe(1);
    expect(await seriousAxeViolations(page), 'approvals dialog').toEqual([]);
    await page.close();
  }, 120_000);

  it('a waiting payment is announced, and approved from the dialog with the keyboard only', async () => {
    const issued = await call<{ agent: { id: string }; key: string }>('routing.createAgent', { name: 'kbd-agent', policy: { mode: 'network' } });
    await call('wallet.setPolicy', {
      agentId: issued.agent.id,
      policy: { hardLimitAit: '5', softLimitAit: null, period: { kind: 'daily', timeZone: 'UTC' }, modelCapsAit: {}, maxPricePer1kAit: null, approvalThresholdAit: '0.000001', approveOnSoftLimit: false },
    });
    await waitFor(() => call<{ offers: { model: string }[] }>('network.offers', {}), (r) => r.offers.some((o) => o.model === MODEL), `a devnet offer for ${MODEL}`);
    const page = await open('approvals-keyboard');
    await expect.poll(() => page.getByTestId('approvals-count').textContent(), { timeout: 15_000 }).toBe('0');

    const pending = fetch(`${providerUrl}/api/chat`, {
      method: 'POST',
      headers: { authorization: `Bearer ${issued.key}`, 'content-type': 'application/json' },
      body: JSON.stringify({ model: `${MODEL}@network`, messages: [{ role: 'user', content: 'approve me by keyboard' }], stream: false }),
    });
    await expect.poll(() => page.getByTestId('approvals-count').textContent(), { timeout: 20_000 }).toBe('1');
    // announced in a live region: who, how much, and the countdown
    const said = await page.getByTestId('approvals-live-polite').textContent();
    expect(said).toMatch(/Payment waiting for your approval: kbd-agent wants up to [\d.]+ AIT for llama3\.1:70b\. Denied automatically in \d+ seconds/);

    await tabTo(page, 'approvals-badge');
    await page.keyboard.press('Enter');
    const dialog = page.getByRole('dialog', { name: 'Payments waiting for you' });
    await expect.poll(() => dialog.count()).toBe(1);
    expect(await dialog.getAttribute('aria-modal')).toBe('true');
    expect(await page.evaluate(() => document.activeElement?.closest('[role="dialog"]') !== null)).toBe(true); // focus moved in

    // the trap: Tab never leaves the dialog; Escape closes it and focus returns to the badge
    for (let i = 0; i < 12; i++) {
      await page.keyboard.press('Tab');
      expect(await page.evaluate(() => document.activeElement?.closest('[role="dialog"]') !== null)).toBe(true);
    }
    await page.keyboard.press('Escape');
    await expect.poll(() => dialog.count()).toBe(0);
    expect(await page.evaluate(() => document.activeElement?.getAttribute('data-testid'))).toBe('approvals-badge');
    expect(await page.getByTestId('approvals-count').textContent()).toBe('1'); // closing decided nothing

    await page.keyboard.press('Enter');
    await expect.poll(() => dialog.count()).toBe(1);
    await tabTo(page, 'approve-once');
    expect(await page.evaluate(() => document.activeElement?.getAttribute('aria-label'))).toBe(`Approve once: kbd-agent → ${MODEL}`);
    await page.keyboard.press('Enter');
    const res = await pending;
    expect(res.status, await res.clone().text()).toBe(200);
    await expect.poll(() => page.getByTestId('approvals-count').textContent(), { timeout: 10_000 }).toBe('0');
    await page.close();
  }, 90_000);

  it('a send is reviewed (amount, fee, recipient, balance after) and can go back, then confirmed on the devnet', async () => {
    const wallet = await call<{ address: string }>('wallet.create', { passphrase: 'a long passphrase' });
    const net = await call<{ devnet: { url: string } | null }>('network.status', {});
    const faucet = await fetch(`${net.devnet!.url}/rpc/faucet`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ address: wallet.address, amount: '10' }) });
    expect(faucet.status).toBe(200);
    const recipient = `0x${'ab'.repeat(20)}`;
    const page = await open('send-review', '?page=wallet');
    await expect.poll(() => page.getByTestId('wallet-balance').textContent(), { timeout: 15_000 }).toContain('10 AIT');

    // a bad address is refused in a live region, before main is asked
    await page.getByLabel('Recipient').fill('0x123');
    await page.getByLabel('Amount (AIT)').fill('1.5');
    await page.getByTestId('send-review').click();
    expect(await page.getByTestId('send-error').textContent()).toContain('40 hex digits');
    expect(await page.getByTestId('send-error').evaluate((e) => e.closest('[role="alert"]') !== null)).toBe(true);

    await page.getByLabel('Recipient').fill(recipient);
    await page.getByTestId('send-review').click();
    await expect.poll(() => page.getByTestId('send-review-panel').count(), { timeout: 10_000 }).toBe(1);
    expect(await page.getByTestId('review-to').textContent()).toBe(recipient);
    expect(await page.getByTestId('review-amount').textContent()).toBe('1.5 AIT');
    expect(await page.getByTestId('review-fee').textContent()).toBe('0.000001 AIT');
    expect(await page.getByTestId('review-balance-after').textContent()).toBe('8.499999 AIT');
    expect(await seriousAxeViolations(page), 'send review').toEqual([]);

    await page.getByTestId('send-back').click(); // back to the form, nothing sent
    expect(await page.getByLabel('Amount (AIT)').inputValue()).toBe('1.5');
    expect((await call<{ entries: { kind: string }[] }>('wallet.history', {})).entries.filter((e) => e.kind === 'transfer')).toEqual([]);

    await page.getByTestId('send-review').click();
    await page.getByTestId('send-confirm').click();
    await expect.poll(() => page.getByTestId('send-result').textContent(), { timeout: 20_000 }).toMatch(/^Sent: transaction/);
    await expect.poll(() => page.getByTestId('wallet-balance').textContent(), { timeout: 15_000 }).toContain('8.499999 AIT');
    await page.close();
  }, 90_000);
});
