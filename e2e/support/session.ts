import type { Browser } from 'playwright-core';
import { launchChromium } from './browser';
import { hostCall } from './host-api';
import { freePort, startServe, type Served } from './serve';

/** The usual e2e setup: a headless host (`npm run serve`) on free ports, its provider URL, and a Chromium. */
export interface Session {
  served: Served;
  browser: Browser;
  /** The Ollama-compatible provider OpenClaw talks to. */
  providerUrl: string;
  /** A contract call through the host's REST API with its token (test setup, as the UI calls it). */
  call<T>(name: string, input?: unknown): Promise<T>;
  close(): Promise<void>;
}

/**
 * Starts the host with its provider and its embedded devnet on free ports (so specs can run side by side), plus
 * `env`, and a Chromium. `close()` ends both; call it in afterAll even when the start failed half-way.
 */
export async function startSession(env: Record<string, string> = {}, opts: { firstRun?: boolean } = {}): Promise<Session> {
  const providerPort = await freePort();
  const served = await startServe({ CLAWGRID_PROVIDER_PORT: String(providerPort), CLAWGRID_DEVNET_PORT: String(await freePort()), ...env }, opts);
  let browser: Browser;
  try {
    browser = await launchChromium();
  } catch (err) {
    await served.stop();
    throw err;
  }
  return {
    served,
    browser,
    providerUrl: `http://127.0.0.1:${providerPort}`,
    call: <T>(name: string, input: unknown = {}) => hostCall<T>(served, name, input),
    async close() {
      await browser.close().catch(() => undefined);
      await served.stop();
    },
  };
}
