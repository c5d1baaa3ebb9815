import { describe, expect, it } from 'vitest';
import { deriveMarketplaceUrl, resolveMarketplaceUrl } from './marketplace-url';

describe('marketplace URL', () => {
  it('maps the public hub coordinator base (/c) to the host root where the marketplace service lives', () => {
    expect(deriveMarketplaceUrl('http://hub.aitbc.bubuit.net/c')).toBe('http://hub.aitbc.bubuit.net');
    expect(deriveMarketplaceUrl('http://hub.aitbc.bubuit.net/c/v1/')).toBe('http://hub.aitbc.bubuit.net');
  });

  it('keeps one base for a coordinator that serves both (devnet, self-hosted)', () => {
    expect(deriveMarketplaceUrl('http://127.0.0.1:8203')).toBe('http://127.0.0.1:8203');
    expect(deriveMarketplaceUrl('https://coord.example/api/v1')).toBe('https://coord.example/api');
  });

  it('CLAWGRID_MARKETPLACE_URL overrides the derivation', () => {
    expect(resolveMarketplaceUrl('http://hub.aitbc.bubuit.net/c', { CLAWGRID_MARKETPLACE_URL: 'http://market.example:8102/' })).toBe('http://market.example:8102');
    expect(resolveMarketplaceUrl('http://hub.aitbc.bubuit.net/c', { CLAWGRID_MARKETPLACE_URL: ' ' })).toBe('http://hub.aitbc.bubuit.net');
  });
});
