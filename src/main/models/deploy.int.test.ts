import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Deployment } from '../../shared/contract/models';
import { startFakeOllamaPull, type FakeOllamaPull } from '../../../test-support/fake-ollama-pull/fake-ollama-pull';
import type { FakeModel } from '../../../test-support/fake-ollama/fake-models';
import type { NetworkOffer } from '../routing/network-backend';
import { silentLogger } from '../log/logger';
import { openDatabase, type Db } from '../store/database';
import type { AgentModelRegistrar, ProviderRegistry } from './catalog-ports';
import { createDeployService, type DeployService } from './deploy-service';
import { createDeploymentStore, createTableProviderRegistry } from './deployment-store';
import { createOllamaApi } from '../ollama/ollama-api';
import { createOllamaService } from '../ollama/ollama-service';
import { ollamaModelSource } from './ollama-models-client';

const QWEN: FakeModel = { name: 'qwen3:8b', family: 'qwen3', parameterSize: '8.2B', quantization: 'Q4_K_M', sizeBytes: 5_225_387_923, contextLength: 40960, capabilities: ['completion', 'tools', 'thinking'] };
const OFFERS: NetworkOffer[] = [{ minerId: 'miner-1', model: 'llama3.1:70b', pricePer1kTokensAit: '0.002', region: 'eu', gpu: 'A100', zkProof: false, providerAddress: null }];

let dir: string;
let db: Db;
let ollama: FakeOllamaPull;
let registry: ProviderRegistry;
let published: Deployment[][];
let service: DeployService;

function make(agents: AgentModelRegistrar | null = null) {
  return createDeployService({
    store: createDeploymentStore(db),
    local: ollamaModelSource(createOllamaService({ api: createOllamaApi(ollama.url), log: silentLogger })),
    offers: { offers: async () => OFFERS },
    registry,
    agents,
    log: silentLogger,
    publish: (d) => published.push(d),
    onCatalogChanged: () => undefined,
  });
}

beforeEach(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cg-deploy-'));
  db = openDatabase(dir);
  ollama = await startFakeOllamaPull({ library: [QWEN], chunkBytes: 256 * 1024 * 1024 });
  registry = createTableProviderRegistry(db);
  published = [];
  service = make();
});

afterEach(async () => {
  await service.close();
  await ollama.close();
  db.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

describe('local deploy: pull → warm-up → register', () => {
  it('pulls with progress, warms up with the agents\' context, and registers the model', async () => {
    const d = service.deploy({ target: 'local', model: 'qwen3:8b', agents: [] });
    const done = await service.settled(d.id);
    expect(done).toMatchObject({ status: 'ready', step: 'done', registeredName: 'qwen3:8b', error: null });
    expect(registry.list()).toEqual([{ name: 'qwen3:8b', model: 'qwen3:8b', target: 'local', minerId: null }]);
    expect(ollama.generates).toEqual([{ model: 'qwen3:8b', numCtx: 32768 }]);
    const progress = published.flat().filter((x) => x.progress).map((x) => x.progress!.completedBytes);
    expect(progress.length).toBeGreaterThan(0);
    expect(Math.max(...progress)).toBe(QWEN.sizeBytes);
  });

  it('a pull that fails mid-way fails cleanly and a retry resumes where it stopped', async () => {
    ollama.setFault({ failAfterBytes: 2_000_000_000 });
    const d = service.deploy({ target: 'local', model: 'qwen3:8b', agents: [] });
    const failed = await service.settled(d.id);
    expect(failed).toMatchObject({ status: 'failed', error: { step: 'pull', code: 'PULL_FAILED' } });
    expect(failed.error!.message).toMatch(/connection reset by peer/);
    expect(registry.list()).toEqual([]);

    ollama.setFault(null);
    service.retry(d.id);
    const ready = await service.settled(d.id);
    expect(ready.status).toBe('ready');
    // The second /api/pull found 2 GB already on disk: Ollama resumes partial layers.
    expect(ollama.pulls.map((p) => p.resumedFromBytes)).toEqual([0, 2_000_000_000]);
  });

  it('cancel stops the download and leaves nothing registered', async () => {
    ollama.setLineDelay(50);
    const d = service.deploy({ target: 'local', model: 'qwen3:8b', agents: [] });
    await new Promise((r) => setTimeout(r, 120));
    service.cancel(d.id);
    expect(await service.settled(d.id)).toMatchObject({ status: 'canceled' });
    expect(registry.list()).toEqual([]);
  });

  it('an unknown model fails at the pull step with Ollama\'s message', async () => {
    const d = service.deploy({ target: 'local', model: 'no-such-model:1b', agents: [] });
    expect(await service.settled(d.id)).toMatchObject({ status: 'failed', error: { step: 'pull', message: expect.stringMatching(/file does not exist/) } });
  });
});

describe('registration rollback', () => {
  it('when adding the model to agents fails, the provider registration is undone and a retry can succeed', async () => {
    let fail = true;
    const calls: string[] = [];
    await service.close();
    service = make({
      registerModel: async (ids, name) => {
        calls.push(`register ${ids.join(',')} ${name}`);
        if (fail) throw new Error('openclaw config write refused');
      },
      unregisterModel: async (ids, name) => void calls.push(`unregister ${ids.join(',')} ${name}`),
    });
    const d = service.deploy({ target: 'network', model: 'llama3.1:70b', minerId: 'miner-1', agents: ['main'] });
    const failed = await service.settled(d.id);
    expect(failed).toMatchObject({ status: 'failed', registeredName: 'llama3.1:70b@miner-1', error: { step: 'register', code: 'AGENT_REGISTRATION' } });
    expect(registry.list()).toEqual([]);
    expect(calls).toEqual(['register main llama3.1:70b@miner-1', 'unregister main llama3.1:70b@miner-1']);

    fail = false;
    service.retry(d.id);
    expect(await service.settled(d.id)).toMatchObject({ status: 'ready' });
    expect(registry.list().map((m) => m.name)).toEqual(['llama3.1:70b@miner-1']);
  });

  it('a network deploy of a model no miner offers fails with a clear message', async () => {
    const d = service.deploy({ target: 'network', model: 'qwen3:235b', minerId: null, agents: [] });
    expect(await service.settled(d.id)).toMatchObject({ status: 'failed', error: { code: 'NO_OFFER', message: 'No miner on the network offers qwen3:235b now' } });
  });

  it('undeploy removes the registration; a deploy interrupted by a restart comes back as failed and unregistered', async () => {
    const d = service.deploy({ target: 'network', model: 'llama3.1:70b', minerId: null, agents: [] });
    expect(await service.settled(d.id)).toMatchObject({ status: 'ready', registeredName: 'llama3.1:70b' });
    expect(await service.undeploy(d.id)).toBe(true);
    expect(registry.list()).toEqual([]);
    expect(service.list()).toEqual([]);

    ollama.setLineDelay(50);
    const running = service.deploy({ target: 'local', model: 'qwen3:8b', agents: [] });
    await new Promise((r) => setTimeout(r, 100));
    await service.close(); // ClawGrid quits mid-download
    service = make();
    expect(service.list()).toMatchObject([{ id: running.id, status: 'failed', error: { code: 'INTERRUPTED' } }]);
  });
});
