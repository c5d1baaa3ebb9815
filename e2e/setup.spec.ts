import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it, onTestFailed } from 'vitest';
import { launchChromium, screenshot } from './support/browser';
import { freePort, startServe, type Served } from './support/serve';

// Issue #17: a newcomer starts ClawGrid on a fresh data dir. The window opens "Set up ClawGrid"; they walk it to the
// end (or skip it), and the app remembers, so the next start lands on the dashboard.
let browser: Browser;
beforeAll(async () => {
  browser = await launchChromium();
});
afterAll(async () => {
  await browser?.close();
});

async function open(served: Served, name: string): Promise<Page> {
  const page = await browser.newPage();
  onTestFailed(async () => console.error(`screenshot: ${await screenshot(page, name)}`));
  await page.goto(served.url);
  return page;
}
const heading = (page: Page) => page.getByTestId('page-heading').textContent();
const stepShown = (page: Page, step: string) => expect.poll(() => page.getByTestId(`setup-step-${step}`).count(), { timeout: 15_000 }).toBe(1);

describe('first run: walking the setup to the end', () => {
  let served: Served;
  beforeAll(async () => {
    served = await startServe({ CLAWGRID_DEVNET_PORT: String(await freePort()) }, { firstRun: true });
  }, 90_000);
  afterAll(async () => served?.stop());

  it('opens "Set up ClawGrid" and goes through every step to the summary and the dashboard', async () => {
    const page = await open(served, 'setup-walk');
    await expect.poll(() => heading(page), { timeout: 15_000 }).toBe('Set up ClawGrid');

    // Ollama: absent here, so it says so and shows how to install it on this OS, with the URL it asks
    await stepShown(page, 'ollama');
    await expect.poll(() => page.getByTestId('setup-ollama-missing').count(), { timeout: 15_000 }).toBe(1);
    expect(await page.getByTestId('setup-ollama-guide').textContent()).toContain('curl -fsSL https://ollama.com/install.sh | sh');
    expect(await page.getByTestId('ollama-url').inputValue()).toMatch(/^http:\/\/127\.0\.0\.1:\d+/);
    await page.getByTestId('setup-next').click();

    // GPU: what the (fake) nvidia-smi reports
    await stepShown(page, 'gpu');
    await expect.poll(() => page.getByTestId('setup-gpus').textContent(), { timeout: 15_000 }).toContain('NVIDIA');
    await page.getByTestId('setup-next').click();

    // OpenClaw: found, or the exact commands including the Node ≥ 24.16 it needs
    await stepShown(page, 'openclaw');
    await expect.poll(() => page.getByTestId('openclaw-version').count(), { timeout: 30_000 }).toBe(1);
    if ((await page.getByTestId('openclaw-version').textContent()) === 'not found') {
      const guide = await page.getByTestId('setup-openclaw-guide').textContent();
      expect(guide).toContain('Node ≥ 24.16');
      expect(guide).toContain('npm install -g openclaw@latest --allow-scripts=openclaw');
    }
    await page.getByTestId('setup-next').click();
    await stepShown(page, 'agents');
    await page.getByTestId('setup-next').click();

    // Wallet: create with a passphrase, then back it up
    await stepShown(page, 'wallet');
    await page.getByLabel('New passphrase').fill('correct horse battery');
    await page.getByTestId('key-setup-submit').click();
    await expect.poll(() => page.getByTestId('setup-wallet-ready').count(), { timeout: 20_000 }).toBe(1);
    await page.getByText('Back up (export keystore)').click();
    await page.getByLabel('Current passphrase').fill('correct horse battery');
    await page.getByLabel('Backup passphrase').fill('another long phrase');
    await page.getByRole('button', { name: 'Export' }).click();
    await expect.poll(() => page.getByTestId('export-download').count(), { timeout: 20_000 }).toBe(1);
    await page.getByTestId('setup-next').click();

    // Network: each choice explained; choose "off"
    await stepShown(page, 'network');
    expect(await page.getByTestId('setup-step-network').textContent()).toContain('play money');
    await page.getByTestId('network-choice-off').check();
    await page.getByTestId('network-apply').click();
    await expect.poll(() => page.getByTestId('network-switched').textContent(), { timeout: 20_000 }).toContain('no network');
    await page.getByTestId('setup-next').click();

    // Summary: what each step amounts to now
    await stepShown(page, 'summary');
    expect(await page.getByTestId('setup-summary-wallet').textContent()).toMatch(/0x[0-9a-fA-F]{40}/);
    expect(await page.getByTestId('setup-summary-network').textContent()).toContain('off');
    expect(await page.getByTestId('setup-summary-gpu').textContent()).toContain('NVIDIA');
    await page.getByTestId('setup-finish').click();
    await expect.poll(() => heading(page), { timeout: 10_000 }).toBe('Dashboard');

    // remembered in main: a new window lands on the dashboard, and Settings can reopen any step
    await page.goto(served.url.replace(/\?[^#]*/, ''));
    await expect.poll(() => page.getByTestId('gpu-name-0').count(), { timeout: 15_000 }).toBe(1);
    expect(await heading(page)).toBe('Dashboard');
    await page.getByTestId('nav-settings').click();
    await expect.poll(() => page.getByTestId('settings-setup-state').textContent(), { timeout: 10_000 }).toMatch(/^Finished on/);
    await page.getByRole('button', { name: 'Open setup step: Wallet' }).click();
    await expect.poll(() => heading(page)).toBe('Set up ClawGrid');
    await stepShown(page, 'wallet');
    await expect.poll(() => page.getByTestId('setup-wallet-ready').count(), { timeout: 10_000 }).toBe(1);
    await page.close();
  }, 120_000);
});

describe('first run: skipping the setup', () => {
  let served: Served;
  beforeAll(async () => {
    served = await startServe({ CLAWGRID_NETWORK: 'off' }, { firstRun: true });
  }, 90_000);
  afterAll(async () => served?.stop());

  it('skips a step, then the rest; the app opens on the dashboard from then on and Settings offers the steps again', async () => {
    const page = await open(served, 'setup-skip');
    await expect.poll(() => heading(page), { timeout: 15_000 }).toBe('Set up ClawGrid');
    await stepShown(page, 'ollama');
    await page.getByTestId('setup-skip-step').click();
    await stepShown(page, 'gpu');
    expect(await page.getByTestId('setup-goto-ollama').textContent()).toContain('(skipped)');
    await page.getByTestId('setup-skip-all').click();
    await expect.poll(() => heading(page), { timeout: 10_000 }).toBe('Dashboard');

    await page.reload();
    await expect.poll(() => page.getByTestId('gpu-name-0').count(), { timeout: 15_000 }).toBe(1);
    expect(await heading(page)).toBe('Dashboard');
    await page.getByTestId('nav-settings').click();
    const state = page.getByTestId('settings-setup-state');
    await expect.poll(() => state.textContent(), { timeout: 10_000 }).toMatch(/^Skipped on/);
    expect(await state.textContent()).toContain('Skipped steps: Ollama, GPU, OpenClaw, Wire agents to ClawGrid, Wallet, Network.');
    await page.getByTestId('settings-open-setup').click();
    await stepShown(page, 'ollama');
    await page.close();
  }, 90_000);
});
