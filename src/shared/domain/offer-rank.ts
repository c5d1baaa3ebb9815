import { compareDecimals, tryParseAmount } from './decimal';

/** A network offer as far as choosing between miners goes. */
export interface RankableOffer {
  minerId: string;
  pricePer1kTokensAit: string;
  /** Jobs this client has running on the miner now (the network runtime counts them); 0 when unknown. */
  inflight?: number;
}

/**
 * Orders offers best first: least loaded, price-weighted. Each offer scores price × (jobs in flight + 1), so an idle
 * miner is preferred to a cheaper busy one once the busy one's queue makes it dearer; ties go to fewer jobs in
 * flight, then the lower price, then the miner id (deterministic). A hung miner thus stops receiving every job.
 */
export function rankOffers<T extends RankableOffer>(offers: readonly T[]): T[] {
  const scored = offers.map((o) => {
    const load = BigInt(Math.max(0, Math.floor(o.inflight ?? 0)) + 1);
    return { o, load, score: (tryParseAmount(o.pricePer1kTokensAit) ?? 0n) * load };
  });
  scored.sort((a, b) => (a.score !== b.score ? (a.score < b.score ? -1 : 1) : a.load !== b.load ? (a.load < b.load ? -1 : 1) : compareDecimals(a.o.pricePer1kTokensAit, b.o.pricePer1kTokensAit) || (a.o.minerId < b.o.minerId ? -1 : a.o.minerId > b.o.minerId ? 1 : 0)));
  return scored.map((s) => s.o);
}
