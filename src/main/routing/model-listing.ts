import type { NetworkOffer } from './network-backend';
import type { LocalModel } from './local-models';
import { compareDecimals } from '../../shared/domain/decimal';

/** ClawGrid's extras on each /api/tags entry: where it runs, what it costs, whether a ZK proof can be asked for. */
interface Extras {
  runs: 'local' | 'network' | 'local+network';
  price_per_1k_tokens_ait: string | null;
  zk_proof: boolean;
  miner_id: string | null;
  /** Registered by a deployment (the Models page or the REST API), not only discovered. */
  deployed: boolean;
}

/** A model another feature registered with the provider (a deployment): listed even when discovery alone would not. */
export interface RegisteredProviderModel {
  /** `<model>` or `<model>@<minerId>`. */
  name: string;
  model: string;
  target: 'local' | 'network';
  minerId: string | null;
}

const EPOCH = '2026-01-01T00:00:00Z';

/** A stable pseudo-digest for network-only entries, so OpenClaw's discovery cache stays valid. */
function digestOf(name: string): string {
  let h1 = 0x811c9dc5;
  let out = '';
  for (let r = 0; out.length < 64; r++) {
    for (const ch of `${name}|${r}`) h1 = Math.imul(h1 ^ ch.charCodeAt(0), 0x01000193) >>> 0;
    out += h1.toString(16).padStart(8, '0');
  }
  return out.slice(0, 64);
}

function offerEntry(name: string, o: NetworkOffer, extras: Extras) {
  const d = o.details ?? {};
  return {
    name,
    model: name,
    modified_at: EPOCH,
    size: d.sizeBytes ?? 0,
    digest: digestOf(name),
    details: {
      parent_model: '',
      format: 'gguf',
      family: d.family ?? '',
      families: d.family ? [d.family] : [],
      parameter_size: d.parameterSize ?? '',
      quantization_level: d.quantization ?? '',
      ...(d.contextLength ? { context_length: d.contextLength } : {}),
    },
    capabilities: d.capabilities ?? ['completion', 'tools'],
    remote_host: 'aitbc',
    remote_model: o.model,
    clawgrid: extras,
  };
}

/**
 * /api/tags: local models as Ollama lists them, then network models (cheapest offer) and one `<model>@<miner>` entry
 * per offer, then registered network deployments no offer lists right now (a miner that went quiet keeps its name).
 */
export function listModels(local: ReadonlyMap<string, LocalModel>, offers: readonly NetworkOffer[], registered: readonly RegisteredProviderModel[] = []): { models: unknown[] } {
  const byModel = new Map<string, NetworkOffer[]>();
  for (const o of offers) byModel.set(o.model, [...(byModel.get(o.model) ?? []), o]);
  const deployed = new Set(registered.map((r) => r.name));
  const cheapest = (list: NetworkOffer[]) => [...list].sort((a, b) => compareDecimals(a.pricePer1kTokensAit, b.pricePer1kTokensAit))[0]!;
  const models: unknown[] = [];
  const listed = new Set<string>();
  for (const m of local.values()) {
    const net = byModel.get(m.name);
    const best = net ? cheapest(net) : null;
    listed.add(m.name);
    models.push({
      ...m.raw,
      clawgrid: { runs: net ? 'local+network' : 'local', price_per_1k_tokens_ait: best?.pricePer1kTokensAit ?? null, zk_proof: net?.some((o) => o.zkProof) ?? false, miner_id: null, deployed: deployed.has(m.name) } satisfies Extras,
    });
  }
  for (const [model, list] of byModel) {
    const best = cheapest(list);
    if (!local.has(model)) {
      listed.add(model);
      models.push(offerEntry(model, best, { runs: 'network', price_per_1k_tokens_ait: best.pricePer1kTokensAit, zk_proof: list.some((o) => o.zkProof), miner_id: null, deployed: deployed.has(model) }));
    }
    for (const o of list) {
      const name = `${model}@${o.minerId}`;
      listed.add(name);
      models.push(offerEntry(name, o, { runs: 'network', price_per_1k_tokens_ait: o.pricePer1kTokensAit, zk_proof: o.zkProof, miner_id: o.minerId, deployed: deployed.has(name) }));
    }
  }
  for (const r of registered) {
    // A local deployment is listed by Ollama itself; one no longer on disk is not served, so not listed.
    if (listed.has(r.name) || r.target === 'local') continue;
    listed.add(r.name);
    const known = byModel.get(r.model)?.[0];
    const quiet: NetworkOffer = { minerId: r.minerId ?? '', model: r.model, pricePer1kTokensAit: '0', region: null, gpu: null, zkProof: false, providerAddress: null, ...(known?.details ? { details: known.details } : {}) };
    models.push(offerEntry(r.name, quiet, { runs: 'network', price_per_1k_tokens_ait: null, zk_proof: false, miner_id: r.minerId, deployed: true }));
  }
  return { models };
}

/** /api/show for a model only the network has: what OpenClaw needs (capabilities, context length). */
export function showNetworkModel(o: NetworkOffer) {
  const d = o.details ?? {};
  const arch = d.family || 'llama';
  const ctx = d.contextLength ?? 32768;
  return {
    license: '',
    modelfile: '',
    template: '',
    parameters: `num_ctx ${ctx}`,
    details: { parent_model: '', format: 'gguf', family: d.family ?? '', families: d.family ? [d.family] : [], parameter_size: d.parameterSize ?? '', quantization_level: d.quantization ?? '' },
    model_info: { 'general.architecture': arch, [`${arch}.context_length`]: ctx },
    capabilities: d.capabilities ?? ['completion', 'tools'],
    remote_host: 'aitbc',
    remote_model: o.model,
    modified_at: EPOCH,
  };
}
