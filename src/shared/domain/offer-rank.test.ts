import { describe, expect, it } from 'vitest';
import { rankOffers } from './offer-rank';

const ids = (xs: { minerId: string }[]) => xs.map((x) => x.minerId);

describe('rankOffers: least loaded, price-weighted', () => {
  it('all idle: the cheapest first (ties by miner id)', () => {
    expect(ids(rankOffers([{ minerId: 'b', pricePer1kTokensAit: '0.02' }, { minerId: 'a', pricePer1kTokensAit: '0.01' }, { minerId: 'c', pricePer1kTokensAit: '0.01' }]))).toEqual(['a', 'c', 'b']);
  });
  it('a busy cheap miner loses to an idle one once its queue makes it dearer', () => {
    const offers = [{ minerId: 'cheap', pricePer1kTokensAit: '0.001', inflight: 1 }, { minerId: 'fast', pricePer1kTokensAit: '0.0015', inflight: 0 }];
    expect(ids(rankOffers(offers))).toEqual(['fast', 'cheap']); // 0.002 vs 0.0015
    expect(ids(rankOffers([{ ...offers[0]!, inflight: 0 }, offers[1]!]))).toEqual(['cheap', 'fast']);
  });
  it('much cheaper stays first under a little load; free offers spread by load alone', () => {
    expect(ids(rankOffers([{ minerId: 'a', pricePer1kTokensAit: '0.001', inflight: 2 }, { minerId: 'b', pricePer1kTokensAit: '0.01' }]))).toEqual(['a', 'b']);
    expect(ids(rankOffers([{ minerId: 'a', pricePer1kTokensAit: '0', inflight: 1 }, { minerId: 'b', pricePer1kTokensAit: '0' }]))).toEqual(['b', 'a']);
  });
  it('does not reorder its input', () => {
    const input = [{ minerId: 'b', pricePer1kTokensAit: '2' }, { minerId: 'a', pricePer1kTokensAit: '1' }];
    rankOffers(input);
    expect(ids(input)).toEqual(['b', 'a']);
  });
});
