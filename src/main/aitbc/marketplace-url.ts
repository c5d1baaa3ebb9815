import { normalizeBaseUrl } from './aitbc-http';

/** Env override for the marketplace service's base URL (aitbc.md §0, §10.1). */
export const MARKETPLACE_URL_ENV = 'CLAWGRID_MARKETPLACE_URL';

/**
 * Where the software-offer marketplace lives for a coordinator base URL. The public hub serves the
 * coordinator under `/c` and the marketplace at the host root (§0), so a base ending in `/c` maps to its
 * parent; anywhere else (the devnet, a self-hosted coordinator) both share one base.
 */
export function deriveMarketplaceUrl(coordinatorUrl: string): string {
  return normalizeBaseUrl(coordinatorUrl).replace(/\/c$/, '');
}

/** The env override when set, else the derived URL. */
export function resolveMarketplaceUrl(coordinatorUrl: string, env: Record<string, string | undefined> = {}): string {
  const override = env[MARKETPLACE_URL_ENV]?.trim();
  return override ? normalizeBaseUrl(override) : deriveMarketplaceUrl(coordinatorUrl);
}
