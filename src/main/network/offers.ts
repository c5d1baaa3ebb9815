import type { NetworkOffer } from '../routing/port';
import type { GpuListing, MarketOffer } from '../aitbc/port';

/**
 * Network offers from the marketplace's software offers (service_type ollama, price per 1k tokens) joined
 * with the coordinator's GPU list for region/GPU. Offers are untrusted claims (§11.20): inactive ones and
 * ones without a model or a per-1k-token price are dropped.
 */
export function toNetworkOffers(market: MarketOffer[], gpus: GpuListing[]): NetworkOffer[] {
  const byMiner = new Map<string, GpuListing>();
  for (const g of gpus) if (g.miner_id) byMiner.set(g.miner_id, g);
  const out: NetworkOffer[] = [];
  const seen = new Set<string>();
  for (const o of market) {
    if (!o.model || o.price == null) continue;
    if (o.service_type && o.service_type !== 'ollama' && o.service_type !== 'cloud_ollama') continue;
    if (o.status && o.status !== 'active') continue;
    if (o.price_unit && o.price_unit !== 'per_1k_tokens') continue;
    const minerId = o.node_id ?? o.plugin_id ?? 'unknown';
    const key = `${minerId}\u0000${o.model}`;
    if (seen.has(key)) continue;
    seen.add(key);
    const gpu = byMiner.get(minerId);
    out.push({
      minerId,
      model: o.model,
      pricePer1kTokensAit: o.price,
      region: o.region ?? gpu?.region ?? null,
      gpu: o.gpu_name ?? listedGpu(gpu),
      zkProof: o.zk_proof === true,
      providerAddress: o.provider_address ?? null,
      offerId: o.offer_id ?? null,
    });
  }
  return out;
}

/**
 * The listing's GPU name, but only when the miner's registration really has that GPU: a pinned job is
 * constrained on it (`gpu` must be in `capabilities.gpus[].name`, §4.3), and the devnet lists GPU-less
 * miners as "CPU" — a constraint that could never match.
 */
function listedGpu(g: GpuListing | undefined): string | null {
  if (!g?.model) return null;
  const caps = g.capabilities;
  if (caps && typeof caps === 'object' && 'gpus' in caps && Array.isArray(caps.gpus)) {
    return (caps.gpus as unknown[]).some((x) => typeof x === 'object' && x !== null && 'name' in x && x.name === g.model) ? g.model : null;
  }
  return g.model;
}
