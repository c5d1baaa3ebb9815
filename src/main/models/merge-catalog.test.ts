import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { DEFAULT_QUERY, evaluateCatalog, queryCatalog } from '../../shared/domain/catalog-query';
import type { NetworkOffer } from '../routing/network-backend';
import { loadLibrary } from './library-catalog';
import { mergeCatalog } from './merge-catalog';
import type { LocalModel } from './ollama-models-client';

const lib = loadLibrary([path.resolve(__dirname, '..', '..', '..', 'resources', 'catalog', 'ollama-library.json')]);
if (!lib.ok) throw new Error(lib.message);
const GIB = 1024 ** 3;

const local: LocalModel[] = [
  { name: 'llama3.2:3b', sizeBytes: 2_019_393_189, digest: 'a', family: 'llama', parameterSize: '3.2B', quantization: 'Q4_K_M', contextLength: 131072, capabilities: ['completion', 'tools'], kv: null, license: null },
  { name: 'nomic-embed-text:latest', sizeBytes: 274_302_450, digest: 'b', family: 'nomic-bert', parameterSize: '137M', quantization: 'F16', contextLength: 2048, capabilities: ['embedding'], kv: null, license: null },
];
const offers: NetworkOffer[] = [
  { minerId: 'miner-eu-1', model: 'llama3.1:70b', pricePer1kTokensAit: '0.002', region: 'eu-west', gpu: 'A100 80GB', zkProof: true, providerAddress: null },
  { minerId: 'miner-us-1', model: 'llama3.1:70b', pricePer1kTokensAit: '0.0015', region: 'us-east', gpu: 'H100', zkProof: false, providerAddress: null },
  { minerId: 'miner-us-2', model: 'qwen3:235b', pricePer1kTokensAit: '0.01', region: 'us-east', gpu: 'H200', zkProof: false, providerAddress: null },
];

function build() {
  return mergeCatalog({
    local,
    loaded: new Set(['llama3.2:3b']),
    library: lib.ok ? lib.file : null,
    offers,
    measuredByMiner: new Map([['miner-us-1', { requests: 10, ttftMsP50: 400, tokensPerSec: 40, successRate: 0.9 }]]),
    measuredByModel: new Map(),
    deployed: new Map([['network:llama3.1:70b@miner-eu-1', 'llama3.1:70b@miner-eu-1']]),
  });
}

describe('catalog merge', () => {
  const entries = build();
  const byId = (id: string) => entries.find((e) => e.id === id);

  it('lists local models once, enriched from the library, and drops their library duplicate', () => {
    const l = byId('local:llama3.2:3b')!;
    expect(l).toMatchObject({ where: 'local', loaded: true, installed: true, license: 'Llama 3.2 Community License' });
    expect(l.kvBytesPerToken).toBe(2 * 28 * 8 * 128 * 2);
    expect(byId('library:llama3.2:3b')).toBeUndefined();
    expect(byId('library:llama3.2:1b')).toMatchObject({ where: 'library', installed: false });
  });

  it('lists every network offer per miner with price, region, GPU, measured speed and deployed name', () => {
    expect(byId('network:llama3.1:70b@miner-us-1')).toMatchObject({ pricePer1kTokensAit: '0.0015', region: 'us-east', measured: { tokensPerSec: 40 } });
    expect(byId('network:llama3.1:70b@miner-eu-1')).toMatchObject({ deployedAs: 'llama3.1:70b@miner-eu-1', zkProof: true, contextLength: 131072 });
  });

  it('flags models that cannot serve OpenClaw (no tools, or < 16K context)', () => {
    expect(byId('local:llama3.2:3b')!.openclaw.ok).toBe(true);
    expect(byId('local:nomic-embed-text:latest')!.openclaw).toMatchObject({ ok: false, reasons: ['embedding model (no chat)', 'context 2K < 16K'] });
    expect(byId('library:gemma2:9b')!.openclaw.reasons).toEqual(['no tool calling', 'context 8K < 16K']);
  });
});

describe('catalog filters and sort', () => {
  const rows = evaluateCatalog(build(), { freeVramBytes: 22.5 * GIB, freeRamBytes: 32 * GIB }, 32768);
  const ids = (q: Partial<typeof DEFAULT_QUERY>) => queryCatalog(rows, { ...DEFAULT_QUERY, ...q }).map((r) => r.entry.id);

  it('searches by words across name, description and miner', () => {
    expect(ids({ text: 'llama3.1 70b', where: ['network'] })).toEqual(['network:llama3.1:70b@miner-eu-1', 'network:llama3.1:70b@miner-us-1']);
    expect(ids({ text: 'miner-us-2' })).toEqual(['network:qwen3:235b@miner-us-2']);
  });

  it('filters by fit: the 405B never fits; 8B fits; 70B needs offload', () => {
    const fits = ids({ fit: ['fits'], text: 'llama3.1' });
    expect(fits).toContain('library:llama3.1:8b');
    expect(fits).not.toContain('library:llama3.1:70b');
    expect(ids({ fit: ['offload'], text: 'llama3.1' })).toContain('library:llama3.1:70b');
    expect(ids({ fit: ['no_fit'], text: 'llama3.1' })).toContain('library:llama3.1:405b');
  });

  it('max price keeps free local models and cheap offers only', () => {
    const r = ids({ maxPricePer1kAit: '0.0015', text: 'llama3.1:70b' });
    expect(r).toContain('network:llama3.1:70b@miner-us-1');
    expect(r).not.toContain('network:llama3.1:70b@miner-eu-1');
    expect(r).toContain('library:llama3.1:70b');
  });

  it('filters by quantization, capability, region and OpenClaw suitability', () => {
    const q8 = queryCatalog(rows, { ...DEFAULT_QUERY, quantization: 'q8_0' });
    expect(q8.map((r) => r.entry.id)).toContain('library:llama3.1:8b-instruct-q8_0');
    expect(q8.every((r) => r.entry.quantization === 'Q8_0')).toBe(true);
    expect(ids({ capability: 'vision' }).length).toBeGreaterThan(0);
    expect(ids({ capability: 'vision' }).every((id) => /gemma3|vision/.test(id))).toBe(true);
    expect(ids({ region: 'eu-west' })).toEqual(['network:llama3.1:70b@miner-eu-1']);
    expect(ids({ openclawOnly: true })).not.toContain('local:nomic-embed-text:latest');
  });

  it('sorts by price (cheapest first, unpriced last), by speed (fastest first) and by size', () => {
    const byPrice = ids({ where: ['network'], sort: 'price' });
    expect(byPrice).toEqual(['network:llama3.1:70b@miner-us-1', 'network:llama3.1:70b@miner-eu-1', 'network:qwen3:235b@miner-us-2']);
    expect(ids({ where: ['network'], sort: 'speed' })[0]).toBe('network:llama3.1:70b@miner-us-1');
    const bySize = queryCatalog(rows, { ...DEFAULT_QUERY, where: ['library'], sort: 'size' }).map((r) => r.entry.sizeBytes!);
    expect(bySize).toEqual([...bySize].sort((a, b) => a - b));
  });
});
