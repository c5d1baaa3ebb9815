import { describe, expect, it, vi } from 'vitest';
import { TOKEN_STORAGE_KEY, hashWithoutToken, takeToken, tokenFromHash, wsUrl, type TokenEnv } from './ws-token';

function env(hash: string, stored: string | null = null) {
  const store = new Map<string, string>(stored ? [[TOKEN_STORAGE_KEY, stored]] : []);
  const replaceState = vi.fn();
  const e: TokenEnv = {
    location: { hash, pathname: '/', search: '?page=models' },
    history: { replaceState, state: null },
    storage: {
      getItem: (k) => store.get(k) ?? null,
      setItem: (k, v) => void store.set(k, v),
      removeItem: (k) => void store.delete(k),
    },
  };
  return { env: e, store, replaceState };
}

describe('token extraction', () => {
  it('reads the token from the hash', () => {
    expect(tokenFromHash('#token=abc123')).toBe('abc123');
    expect(tokenFromHash('#foo=1&token=a%2Bb')).toBe('a+b');
    expect(tokenFromHash('#token=')).toBeNull();
    expect(tokenFromHash('')).toBeNull();
    expect(tokenFromHash('#tokenx=abc')).toBeNull();
  });

  it('removes only the token from the hash', () => {
    expect(hashWithoutToken('#token=abc')).toBe('');
    expect(hashWithoutToken('#a=1&token=abc')).toBe('#a=1');
  });

  it('keeps the token for this tab and removes it from the visible URL', () => {
    const { env: e, store, replaceState } = env('#token=s3cret');
    expect(takeToken(e)).toBe('s3cret');
    expect(store.get(TOKEN_STORAGE_KEY)).toBe('s3cret');
    expect(replaceState).toHaveBeenCalledWith(null, '', '/?page=models');
  });

  it('falls back to the stored token after a reload, without touching the URL', () => {
    const { env: e, replaceState } = env('', 'from-before');
    expect(takeToken(e)).toBe('from-before');
    expect(replaceState).not.toHaveBeenCalled();
  });

  it('prefers a new token in the URL over a stored one', () => {
    const { env: e, store } = env('#token=new', 'old');
    expect(takeToken(e)).toBe('new');
    expect(store.get(TOKEN_STORAGE_KEY)).toBe('new');
  });

  it('returns null when there is no token anywhere', () => {
    expect(takeToken(env('').env)).toBeNull();
  });

  it('builds the socket URL on the page origin', () => {
    expect(wsUrl({ protocol: 'http:', host: '127.0.0.1:7300' }, 'a b')).toBe('ws://127.0.0.1:7300/ws?token=a%20b');
    expect(wsUrl({ protocol: 'https:', host: 'example.test' }, 't')).toBe('wss://example.test/ws?token=t');
  });
});
