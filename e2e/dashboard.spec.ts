import { afterAll, beforeAll, describe, expect, it, onTestFailed } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { launchChromium, screenshot } from './support/browser';
import { startServe, type Served } from './support/serve';

// A person runs `npm run serve`, opens the printed URL in a browser, and watches their GPU.
let served: Served;
let browser: Browser;

beforeAll(async () => {
  served = await startServe();
  browser = await launchChromium();
});

afterAll(async () => {
  await browser?.close();
  await served?.stop();
});

async function open(url: string, name: string): Promise<Page> {
  const page = await browser.newPage();
  onTestFailed(async () => {
    const file = await screenshot(page, name);
    console.error(`screenshot: ${file}`);
  });
  await page.goto(url);
  return page;
}

describe('dashboard (headless host + chromium)', () => {
  it('shows the GPU with live values that change between two samples', async () => {
    const page = await open(served.url, 'dashboard-live');
    await expect.poll(() => page.getByTestId('gpu-name-0').textContent(), { timeout: 15_000 }).toContain('NVIDIA');
    const read = async () =>
      (await Promise.all(['gpu-util-0', 'gpu-vram-0', 'gpu-temp-0', 'gpu-power-0'].map((id) => page.getByTestId(id).textContent()))).join('|');
    const first = await read();
    await expect.poll(read, { timeout: 10_000, interval: 300 }).not.toBe(first);
    await page.close();
  });

  it('lists the GPU processes with their memory', async () => {
    const page = await open(served.url, 'dashboard-processes');
    const table = page.getByTestId('process-table');
    await expect.poll(() => table.textContent(), { timeout: 15_000 }).toMatch(/ollama[\s\S]*\d+(\.\d)? GB/);
    await page.close();
  });

  it('shows CPU and RAM from the system sampler', async () => {
    const page = await open(served.url, 'dashboard-system');
    await expect.poll(() => page.getByTestId('cpu-pct').textContent(), { timeout: 15_000 }).toMatch(/\d/);
    await expect.poll(() => page.getByTestId('ram-used').textContent(), { timeout: 15_000 }).toMatch(/\d/);
    await page.close();
  });

  it('without the token the page loads but no data does', async () => {
    const page = await browser.newPage();
    onTestFailed(async () => void (await screenshot(page, 'no-token')));
    const sockets: string[] = [];
    page.on('websocket', (ws) => sockets.push(ws.url()));
    await page.goto(served.origin + '/');
    await expect.poll(() => page.getByTestId('auth-required').isVisible(), { timeout: 10_000 }).toBe(true);
    expect(await page.getByTestId('gpu-card-0').count()).toBe(0);
    expect(sockets).toEqual([]);
    // And the data endpoints refuse the browser outright without the token.
    const status = await page.evaluate(async () => (await fetch('/api/call/monitor.snapshot', { method: 'POST', body: '{}' })).status);
    expect(status).toBe(401);
    await page.close();
  });

  it('navigates to every page by keyboard and each explains what will appear', async () => {
    const page = await open(served.url, 'navigation');
    await expect.poll(() => page.getByTestId('gpu-name-0').isVisible(), { timeout: 15_000 }).toBe(true);
    await page.getByTestId('nav-routing').click();
    await expect.poll(() => page.locator('main').textContent()).toMatch(/rout/i);
    await page.close();
  });
});
