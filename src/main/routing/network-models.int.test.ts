import { Ollama } from 'ollama';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFakeOllama, type FakeOllama } from '../../../test-support/fake-ollama/fake-ollama';
import { createRecordingNetwork, type RecordingNetwork } from './testing/recording-network';
import { startEngineHarness, type EngineHarness } from './testing/engine-harness';

// Models only the GPU network has appear in /api/tags and /api/show like local ones, and run there.
const offer = (minerId: string, price: string) => ({
  minerId,
  model: 'qwen3:32b',
  pricePer1kTokensAit: price,
  region: null,
  gpu: 'A100',
  zkProof: minerId === 'miner-b',
  providerAddress: null,
  details: { family: 'qwen3', parameterSize: '32.8B', quantization: 'Q4_K_M', sizeBytes: 20_000_000_000, contextLength: 40960, capabilities: ['completion', 'tools', 'thinking'] },
});
let fake: FakeOllama;
let net: RecordingNetwork;
let h: EngineHarness;
let client: Ollama;

beforeAll(async () => {
  fake = await startFakeOllama({ loaded: ['llama3.2:3b'] });
  net = createRecordingNetwork([offer('miner-a', '0.02'), offer('miner-b', '0.05')]);
  h = await startEngineHarness(fake.url, { network: net });
  client = h.client(h.feature.engine.agents.create('research').key);
});
afterAll(async () => {
  await h?.close();
  await fake?.close();
});

describe('network models on the Ollama endpoint', () => {
  it('/api/tags lists local and network models, with where they run, price and ZK proof', async () => {
    const { models } = await client.list();
    const byName = new Map(models.map((m) => [m.name, m as unknown as { details: { parameter_size: string }; clawgrid: Record<string, unknown> }]));
    expect(byName.get('llama3.2:3b')?.clawgrid).toMatchObject({ runs: 'local' });
    expect(byName.get('qwen3:32b')?.clawgrid).toMatchObject({ runs: 'network', price_per_1k_tokens_ait: '0.02', zk_proof: true });
    expect(byName.get('qwen3:32b@miner-b')?.clawgrid).toMatchObject({ miner_id: 'miner-b', price_per_1k_tokens_ait: '0.05', zk_proof: true });
    expect(byName.get('qwen3:32b')?.details.parameter_size).toBe('32.8B');
  });

  it('/api/show gives OpenClaw the capabilities and context length', async () => {
    const show = await client.show({ model: 'qwen3:32b' });
    expect(show.capabilities).toEqual(expect.arrayContaining(['completion', 'tools', 'thinking']));
    expect((show.model_info as unknown as Record<string, unknown>)['qwen3.context_length']).toBe(40960);
  });

  it('a chat runs on the cheapest miner, or on the pinned one', async () => {
    const r = await client.chat({ model: 'qwen3:32b', messages: [{ role: 'user', content: 'hi' }], stream: false });
    expect(r.message.content).toBe('Hello from the GPU network.');
    expect(r.eval_count).toBe(6);
    await client.chat({ model: 'qwen3:32b@miner-b', messages: [{ role: 'user', content: 'hi' }], stream: false });
    expect(net.submitted.map((s) => s.minerId)).toEqual(['miner-a', 'miner-b']);
    await expect.poll(() => h.rows().at(-1)).toMatchObject({ strategy: 'network', backend: 'network:miner-b', reasons: '["name_miner"]', cost_ait: '0.00018' });
  });

  it('a miner that does not offer the model cannot serve it: 503', async () => {
    await expect(client.chat({ model: 'qwen3:32b@miner-z', messages: [{ role: 'user', content: 'hi' }] })).rejects.toMatchObject({ status_code: 503 });
  });
});
