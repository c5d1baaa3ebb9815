import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { startFakeOllamaPull, type FakeOllamaPull } from '../../../test-support/fake-ollama-pull/fake-ollama-pull';
import { startFakeOpenClaw, type FakeOpenClaw } from '../../../test-support/fake-openclaw/fake-openclaw';
import type { Deployment } from '../../shared/contract/models';
import { createContainer, type Container } from '../container';
import { silentLogger } from '../log/logger';

// Deploy → register with OpenClaw agents through the whole container: the catalog's registrar goes through the
// OpenClaw feature's provider wiring (the scripted `openclaw` CLI), which reads the models from ClawGrid's provider.
const QWEN = { name: 'qwen3:8b', family: 'qwen3', parameterSize: '8.2B', quantization: 'Q4_K_M', sizeBytes: 5_225_387_923, contextLength: 40960, capabilities: ['completion', 'tools', 'thinking'] };

let dataDir: string;
let container: Container | null = null;
let ollama: FakeOllamaPull | null = null;
let openclaw: FakeOpenClaw | null = null;

const freePort = () =>
  new Promise<number>((resolve) => {
    const srv = net.createServer().listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as net.AddressInfo;
      srv.close(() => resolve(port));
    });
  });

afterEach(async () => {
  await container?.close();
  await ollama?.close();
  await openclaw?.close();
  container = ollama = openclaw = null;
  fs.rmSync(dataDir, { recursive: true, force: true });
});

async function start(withOpenClaw: boolean): Promise<Container> {
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'cg-oc-deploy-'));
  ollama = await startFakeOllamaPull({ installed: [QWEN] });
  openclaw = withOpenClaw ? await startFakeOpenClaw({ agents: [{ id: 'main' }, { id: 'research' }] }) : null;
  const env = { CLAWGRID_OLLAMA_URL: ollama.url, CLAWGRID_NETWORK: 'off', CLAWGRID_PROVIDER_PORT: String(await freePort()) };
  container = createContainer({
    host: 'headless',
    dataDir,
    env,
    log: silentLogger,
    openclaw: openclaw
      ? { bin: openclaw.bin, nodeBinDir: openclaw.nodeBinDir, openclawEnv: openclaw.env, pollMs: 60_000 }
      : { bin: path.join(dataDir, 'no-openclaw'), openclawEnv: { PATH: path.join(dataDir, 'empty'), HOME: dataDir }, pollMs: 60_000 },
  });
  await container.start();
  return container;
}

async function call<T>(c: Container, name: string, input: unknown): Promise<T> {
  const r = await c.router.dispatch(name, input, { transport: 'test' });
  if (!r.ok) throw new Error(`${name}: ${r.error.message}`);
  return r.output as T;
}

async function settled(c: Container, id: string): Promise<Deployment> {
  for (;;) {
    const { deployments } = await call<{ deployments: Deployment[] }>(c, 'models.deployments', {});
    const d = deployments.find((x) => x.id === id);
    if (d && d.status !== 'running') return d;
    await new Promise((r) => setTimeout(r, 20));
  }
}

const providerModels = (c: Container) => c.db.prepare('SELECT name FROM catalog_provider_models').all() as { name: string }[];

describe('deploy with OpenClaw agents', () => {
  it('without OpenClaw: a deploy naming agents fails cleanly at register with the reason, nothing stays registered; without agents it works', async () => {
    const c = await start(false);
    const d = await call<Deployment>(c, 'models.deploy', { target: 'local', model: 'qwen3:8b', agents: ['main'] });
    const failed = await settled(c, d.id);
    expect(failed).toMatchObject({ status: 'failed', error: { step: 'register', code: 'UNAVAILABLE', message: expect.stringContaining('OpenClaw was not found') } });
    expect(providerModels(c)).toEqual([]);

    await call(c, 'models.undeploy', { deploymentId: d.id });
    const plain = await call<Deployment>(c, 'models.deploy', { target: 'local', model: 'qwen3:8b', agents: [] });
    expect(await settled(c, plain.id)).toMatchObject({ status: 'ready' });
    expect(providerModels(c)).toEqual([{ name: 'qwen3:8b' }]);
  });

  it('with OpenClaw: the chosen agent is put on ClawGrid and its model list carries the deployed model', async () => {
    const c = await start(true);
    // The scripted CLI keeps its state in one file: let the feature's first agent poll finish before writing.
    while ((await call<{ fetchedAt: number | null }>(c, 'openclaw.agents', {})).fetchedAt === null) await new Promise((r) => setTimeout(r, 20));
    const d = await call<Deployment>(c, 'models.deploy', { target: 'local', model: 'qwen3:8b', agents: ['research'] });
    expect(await settled(c, d.id)).toMatchObject({ status: 'ready', error: null });
    const config = openclaw!.state().config as { models?: { providers?: Record<string, { baseUrl: string; models: { id: string }[] }> } };
    const provider = config.models?.providers?.['clawgrid-research'];
    expect(provider?.models.map((m) => m.id)).toContain('qwen3:8b');
    expect(provider?.baseUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    // The agent that was not chosen is untouched.
    expect(config.models?.providers?.clawgrid).toBeUndefined();
  });
});
