export type AuthVerdict = 'ok' | 'unauthorized' | 'unknown';

/**
 * Asks the headless host whether a token is valid (GET /api/health with a Bearer token). Used after a
 * WebSocket upgrade failed, because the browser hides the upgrade's 401 behind close code 1006.
 */
export async function probeToken(token: string, fetchImpl: typeof fetch = fetch): Promise<AuthVerdict> {
  try {
    const res = await fetchImpl('/api/health', { headers: { authorization: `Bearer ${token}` }, cache: 'no-store' });
    if (res.status === 401) return 'unauthorized';
    return res.ok ? 'ok' : 'unknown';
  } catch {
    return 'unknown';
  }
}
