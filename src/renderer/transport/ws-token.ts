/** sessionStorage key: a reload of the same tab keeps its token after the URL was cleaned. */
export const TOKEN_STORAGE_KEY = 'clawgrid.token';

export interface TokenEnv {
  location: Pick<Location, 'hash' | 'pathname' | 'search'>;
  history: Pick<History, 'replaceState' | 'state'>;
  storage: Pick<Storage, 'getItem' | 'setItem' | 'removeItem'> | null;
}

/** The `token` parameter of a `#token=…&x=y` hash, or null. */
export function tokenFromHash(hash: string): string | null {
  const params = new URLSearchParams(hash.startsWith('#') ? hash.slice(1) : hash);
  const token = params.get('token');
  return token && token.trim() !== '' ? token.trim() : null;
}

/** The hash with `token` removed ('' when nothing else was in it). */
export function hashWithoutToken(hash: string): string {
  const params = new URLSearchParams(hash.startsWith('#') ? hash.slice(1) : hash);
  params.delete('token');
  const rest = params.toString();
  return rest ? `#${rest}` : '';
}

/**
 * Takes the access token from the URL hash (printed by `npm start` / `npm run serve`), stores it for
 * this tab and removes it from the visible URL; falls back to the stored one. Null when there is none.
 */
export function takeToken(env: TokenEnv): string | null {
  const fromHash = tokenFromHash(env.location.hash);
  if (fromHash) {
    try {
      env.storage?.setItem(TOKEN_STORAGE_KEY, fromHash);
    } catch {
      // storage may be disabled; the token still works for this page load
    }
    env.history.replaceState(env.history.state, '', `${env.location.pathname}${env.location.search}${hashWithoutToken(env.location.hash)}`);
    return fromHash;
  }
  try {
    return env.storage?.getItem(TOKEN_STORAGE_KEY) ?? null;
  } catch {
    return null;
  }
}

/** Forgets a token the host refused, so the next load shows the auth page instead of retrying it. */
export function forgetToken(storage: TokenEnv['storage']): void {
  try {
    storage?.removeItem(TOKEN_STORAGE_KEY);
  } catch {
    // nothing to forget
  }
}

/** `ws(s)://<host>/ws?token=…` for the page's own origin. */
export function wsUrl(location: Pick<Location, 'protocol' | 'host'>, token: string): string {
  const scheme = location.protocol === 'https:' ? 'wss' : 'ws';
  return `${scheme}://${location.host}/ws?token=${encodeURIComponent(token)}`;
}
