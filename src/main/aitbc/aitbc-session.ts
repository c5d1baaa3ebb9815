import type { LocalAccount } from 'viem';
import { AitbcError } from './aitbc-errors';
import type { CoordinatorHttp } from './aitbc-http';
import { nonceResponseSchema, userProfileSchema } from './wire-schemas';

/** The exact text AITBC asks a wallet to sign for login (§1.1): two LFs, no trailing newline. */
export function loginMessage(address: string, nonce: string): string {
  return `Sign this message to log in to AITBC.\nWallet: ${address.toLowerCase()}\nNonce: ${nonce}`;
}

/** `exp` (unix seconds) of a JWT without verifying it; null if unreadable. */
export function jwtExpiry(token: string): number | null {
  const part = token.split('.')[1];
  if (!part) return null;
  try {
    const claims: unknown = JSON.parse(Buffer.from(part, 'base64url').toString('utf8'));
    const exp = (claims as { exp?: unknown }).exp;
    return typeof exp === 'number' ? exp : null;
  } catch {
    return null;
  }
}

export interface Session {
  token: string;
  userId: string;
  /** unix seconds */
  expiresAt: number;
}

/** Holds the client JWT: logs in on first use, again shortly before expiry, and after any 401. */
export interface SessionManager {
  token(signal?: AbortSignal): Promise<Session>;
  invalidate(): void;
  readonly address: string;
}

const REFRESH_BEFORE_S = 300;

export function createSessionManager(http: CoordinatorHttp, account: LocalAccount, now: () => number = () => Date.now() / 1000): SessionManager {
  let current: Session | null = null;
  let inflight: Promise<Session> | null = null;

  async function login(signal?: AbortSignal): Promise<Session> {
    const address = account.address;
    const nonce = await http.run(nonceResponseSchema, (init) => http.api.POST('/v1/auth/nonce', { body: { wallet_address: address }, ...init }), { signal, retry429: true });
    const signature = await account.signMessage({ message: loginMessage(address, nonce.nonce) });
    const profile = await http.run(userProfileSchema, (init) => http.api.POST('/v1/login', { body: { wallet_address: address, nonce: nonce.nonce, signature }, ...init }), { signal, retry429: true });
    const exp = jwtExpiry(profile.session_token);
    if (exp === null) throw new AitbcError('invalid_response', 'The coordinator returned a session token without an expiry');
    return { token: profile.session_token, userId: profile.user_id, expiresAt: exp };
  }

  return {
    address: account.address,
    async token(signal) {
      if (current && current.expiresAt - now() > REFRESH_BEFORE_S) return current;
      inflight ??= login(signal).finally(() => {
        inflight = null;
      });
      current = await inflight;
      return current;
    },
    invalidate() {
      current = null;
    },
  };
}
