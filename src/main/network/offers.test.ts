import { describe, expect, it } from 'vitest';
import { toNetworkOffers } from './offers';

const offer = { service_type: 'ollama', model: 'llama3.2:3b', price: '0.5', price_unit: 'per_1k_tokens', status: 'active', node_id: 'm1', provider_address: '0x00000000000000000000000000000000000a11ce', offer_id: 'offer-1' };

describe('network offers', () => {
  it('carry the provider address (the payee), the offer id a v0.25 job binds to, and the GPU the miner registered', () => {
    const gpus = [{ id: 'm1', miner_id: 'm1', model: 'RTX 4090', region: 'eu', capabilities: { gpus: [{ name: 'RTX 4090' }] } }];
    expect(toNetworkOffers([offer], gpus)).toEqual([{ minerId: 'm1', model: 'llama3.2:3b', pricePer1kTokensAit: '0.5', region: 'eu', gpu: 'RTX 4090', zkProof: false, providerAddress: offer.provider_address, offerId: 'offer-1' }]);
  });

  it('a GPU-less miner listed as "CPU" gets no GPU (a pinned job constrained on it could never match)', () => {
    const gpus = [{ id: 'm1', miner_id: 'm1', model: 'CPU', region: 'local', capabilities: { gpus: [] } }];
    expect(toNetworkOffers([offer], gpus)[0]).toMatchObject({ gpu: null, region: 'local' });
  });
});
