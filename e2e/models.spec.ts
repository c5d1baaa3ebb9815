import { afterAll, beforeAll, describe, expect, it, onTestFailed } from 'vitest';
import type { Browser } from 'playwright-core';
import { startFakeOllamaPull, type FakeOllamaPull } from '../test-support/fake-ollama-pull/fake-ollama-pull';
import { launchChromium, screenshot } from './support/browser';
import { freePort, startServe, type Served } from './support/serve';

// A person opens Models, searches a model, sees whether it fits, deploys it in one click and watches the
// download finish; scripts see the same through the REST API. Ollama is the pull fake (real /api/pull wire).
let served: Served;
let browser: Browser;
let ollama: FakeOllamaPull;
let providerUrl: string;

const INSTALLED = { name: 'llama3.2:3b', family: 'llama', parameterSize: '3.2B', quantization: 'Q4_K_M', sizeBytes: 2_019_393_189, contextLength: 131072, capabilities: ['completion', 'tools'] };

/** The names ClawGrid's Ollama-compatible endpoint lists, as OpenClaw discovers them. */
async function providerTags(url: string): Promise<string[]> {
  const res = await fetch(`${url}/api/tags`);
  expect(res.status).toBe(200);
  return ((await res.json()) as { models: { name: string }[] }).models.map((m) => m.name);
}

beforeAll(async () => {
  ollama = await startFakeOllamaPull({
    installed: [INSTALLED],
    library: [{ name: 'qwen3:8b', family: 'qwen3', parameterSize: '8.2B', quantization: 'Q4_K_M', sizeBytes: 5_225_387_923, contextLength: 40960, capabilities: ['completion', 'tools', 'thinking'] }],
    chunkBytes: 100_000_000,
    lineDelayMs: 40,
  });
  providerUrl = `http://127.0.0.1:${await freePort()}`;
  served = await startServe({ CLAWGRID_OLLAMA_URL: ollama.url, CLAWGRID_NETWORK: 'off', CLAWGRID_PROVIDER_PORT: new URL(providerUrl).port });
  browser = await launchChromium();
});

afterAll(async () => {
  await browser?.close();
  await served?.stop();
  await ollama?.close();
});

describe('models page (headless host + chromium + fake Ollama)', () => {
  it('search a model, see its fit, pull & deploy it locally with a live progress bar, see it in Deployments', async () => {
    const page = await browser.newPage();
    onTestFailed(async () => console.error(`screenshot: ${await screenshot(page, 'models-deploy-local')}`));
    await page.goto(served.url);
    await page.getByTestId('nav-models').click();
    await page.getByTestId('catalog-search').fill('qwen3:8b');
    const row = page.getByTestId('catalog-row-library-qwen3-8b');
    await expect.poll(() => row.isVisible(), { timeout: 15_000 }).toBe(true);
    // The pullable model gets a fit label once the fake GPU's VRAM is known (the list refreshes on the first sample).
    await expect.poll(() => page.getByTestId('fit-library-qwen3-8b').textContent(), { timeout: 15_000 }).toMatch(/Fits|offload|network/);
    await page.getByTestId('deploy-library-qwen3-8b').click();

    const status = page.getByTestId('deployment-status-qwen3:8b');
    await expect.poll(() => status.textContent(), { timeout: 15_000 }).toMatch(/GB \/ 5\.2 GB/);
    const bar = page.locator('[data-testid^="progress-"][role="progressbar"]');
    const first = Number(await bar.getAttribute('aria-valuenow'));
    await expect.poll(async () => Number((await bar.getAttribute('aria-valuenow')) ?? 100), { timeout: 15_000 }).toBeGreaterThan(first);
    await expect.poll(() => status.textContent(), { timeout: 30_000 }).toBe('Ready');
    // Now on disk: the catalog lists it as local and deployed.
    await expect.poll(() => page.getByTestId('deployed-local-qwen3-8b').isVisible(), { timeout: 15_000 }).toBe(true);
    await page.close();

    // Registered in ClawGrid's provider list and warmed up with the agents' context.
    const res = await fetch(`${served.origin}/api/v1/openclaw/status`, { headers: { authorization: `Bearer ${served.token}` } });
    const body = (await res.json()) as { providerModels: { name: string }[] };
    expect(body.providerModels.map((m) => m.name)).toContain('qwen3:8b');
    expect(ollama.generates).toContainEqual({ model: 'qwen3:8b', numCtx: 32768 });
    // And the provider's /api/tags (what OpenClaw discovers) lists it.
    expect(await providerTags(providerUrl)).toContain('qwen3:8b');
  });

  it('the REST API refuses requests without the token', async () => {
    const res = await fetch(`${served.origin}/api/v1/openclaw/status`);
    expect(res.status).toBe(401);
  });
});

describe('models page with the devnet (two miners on the fake Ollama)', () => {
  let devServed: Served;
  let devOllama: FakeOllamaPull;
  let devProvider: string;

  beforeAll(async () => {
    devOllama = await startFakeOllamaPull({ installed: [INSTALLED], library: [] });
    devProvider = `http://127.0.0.1:${await freePort()}`;
    devServed = await startServe({
      CLAWGRID_OLLAMA_URL: devOllama.url,
      CLAWGRID_NETWORK: 'devnet',
      CLAWGRID_DEVNET_PORT: String(await freePort()),
      CLAWGRID_PROVIDER_PORT: new URL(devProvider).port,
    });
  });
  afterAll(async () => {
    await devServed?.stop();
    await devOllama?.close();
  });

  it('deploy a network offer from the devnet: offers listed per miner, deployed as <model>@<minerId>, in Deployments and /api/tags', async () => {
    const page = await browser.newPage();
    onTestFailed(async () => console.error(`screenshot: ${await screenshot(page, 'models-deploy-network')}`));
    await page.goto(devServed.url);
    await page.getByTestId('nav-models').click();
    await page.getByTestId('catalog-search').fill('devnet-miner');
    // Both devnet miners offer the model their Ollama has.
    const fast = page.getByTestId('catalog-row-network-llama3-2-3b-devnet-miner-1-fast');
    await expect.poll(() => fast.isVisible(), { timeout: 30_000 }).toBe(true);
    // Both miners register within moments of start, before the page opens; wait rather than assume.
    await expect.poll(() => page.getByTestId('catalog-row-network-llama3-2-3b-devnet-miner-2-cheap').isVisible(), { timeout: 30_000 }).toBe(true);
    expect(await fast.textContent()).toContain('devnet-miner-1-fast');

    await page.getByTestId('deploy-network-llama3-2-3b-devnet-miner-1-fast').click();
    const name = 'llama3.2:3b@devnet-miner-1-fast';
    await expect.poll(() => page.getByTestId(`deployment-status-${name}`).textContent(), { timeout: 30_000 }).toBe('Ready');
    await expect.poll(() => page.getByTestId('deployed-network-llama3-2-3b-devnet-miner-1-fast').isVisible(), { timeout: 15_000 }).toBe(true);
    await page.close();

    const res = await fetch(`${devServed.origin}/api/v1/openclaw/status`, { headers: { authorization: `Bearer ${devServed.token}` } });
    const body = (await res.json()) as { providerModels: { name: string; minerId: string | null }[] };
    expect(body.providerModels).toContainEqual(expect.objectContaining({ name, minerId: 'devnet-miner-1-fast' }));
    expect(await providerTags(devProvider)).toContain(name);
  });
});
