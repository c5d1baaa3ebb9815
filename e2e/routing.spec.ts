import { Ollama } from 'ollama';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it, onTestFailed } from 'vitest';
import { startFakeOllama, type FakeOllama } from '../test-support/fake-ollama/fake-ollama';
import { launchChromium, screenshot } from './support/browser';
import { freePort, startServe, type Served } from './support/serve';

// A person runs `npm run serve`, points an Ollama client (OpenClaw) at ClawGrid's endpoint, and watches
// each request's routing decision appear on the Routing page as it happens.
let fake: FakeOllama;
let served: Served;
let browser: Browser;
let providerUrl: string;

beforeAll(async () => {
  fake = await startFakeOllama({ loaded: ['llama3.2:3b'] });
  const providerPort = await freePort();
  providerUrl = `http://127.0.0.1:${providerPort}`;
  served = await startServe({ CLAWGRID_OLLAMA_URL: fake.url, CLAWGRID_PROVIDER_PORT: String(providerPort), CLAWGRID_NETWORK: 'off' });
  browser = await launchChromium();
});
afterAll(async () => {
  await browser?.close();
  await served?.stop();
  await fake?.close();
});

async function openRouting(name: string): Promise<Page> {
  const page = await browser.newPage();
  onTestFailed(async () => console.error(`screenshot: ${await screenshot(page, name)}`));
  await page.goto(served.url);
  await page.getByTestId('nav-routing').click();
  await expect.poll(() => page.getByTestId('provider-status').textContent(), { timeout: 15_000 }).toContain(providerUrl);
  return page;
}

describe('routing page (headless host + chromium)', () => {
  it('shows each request through the provider endpoint live, with its decision', async () => {
    const page = await openRouting('routing-live');
    const client = new Ollama({ host: providerUrl });
    let text = '';
    for await (const part of await client.chat({ model: 'llama3.2:3b', messages: [{ role: 'user', content: 'hi' }], stream: true })) text += part.message.content;
    expect(text).toContain('Hello from llama3.2:3b');
    const row = page.getByTestId('request-row').first();
    await expect.poll(() => row.textContent(), { timeout: 10_000 }).toMatch(/default[\s\S]*llama3\.2:3b[\s\S]*local/);
    expect(await row.getByTestId('request-backend').textContent()).toBe('local');
    await expect.poll(() => page.getByTestId('count-local').textContent()).toBe('1');
    await client.generate({ model: 'llama3.2:3b', prompt: 'again', stream: false });
    await expect.poll(() => page.getByTestId('request-row').count(), { timeout: 10_000 }).toBe(2);
    await expect.poll(() => page.getByTestId('count-local').textContent()).toBe('2');
    await page.close();
  });

  it('creates an agent by keyboard; its key works against the endpoint and its requests show under its name', async () => {
    const page = await openRouting('routing-agent');
    await page.getByTestId('new-agent-name').fill('research');
    await page.keyboard.press('Enter');
    const key = page.getByTestId('issued-key-value');
    await expect.poll(() => key.inputValue(), { timeout: 10_000 }).toMatch(/^cg_/);
    const client = new Ollama({ host: providerUrl, headers: { Authorization: `Bearer ${await key.inputValue()}` } });
    await client.chat({ model: 'llama3.2:3b', messages: [{ role: 'user', content: 'hi' }], stream: false });
    await expect.poll(() => page.getByTestId('request-row').first().textContent(), { timeout: 10_000 }).toMatch(/research/);
    const stranger = new Ollama({ host: providerUrl, headers: { Authorization: 'Bearer cg_not-a-key' } });
    await expect(stranger.list()).rejects.toMatchObject({ status_code: 401 });
    await page.close();
  });
});
