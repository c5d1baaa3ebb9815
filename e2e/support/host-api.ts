import type { Served } from './serve';

/** A contract call through the host's REST API (what the UI calls), with the host token: test setup. */
export async function hostCall<T>(served: Served, name: string, input: unknown): Promise<T> {
  const res = await fetch(`${served.origin}/api/call/${name}`, { method: 'POST', headers: { authorization: `Bearer ${served.token}`, 'content-type': 'application/json' }, body: JSON.stringify(input) });
  const body = (await res.json()) as { ok: true; output: T } | { ok: false; error: unknown };
  if (!body.ok) throw new Error(`${name} → ${res.status}: ${JSON.stringify(body.error)}`);
  return body.output;
}

/** Polls outside a test (beforeAll): resolves with the first value `ok` accepts. */
export async function waitFor<T>(read: () => Promise<T>, ok: (v: T) => boolean, what: string, timeoutMs = 30_000): Promise<T> {
  const end = Date.now() + timeoutMs;
  let last: T | undefined;
  while (Date.now() < end) {
    last = await read().catch(() => undefined);
    if (last !== undefined && ok(last)) return last;
    await new Promise((r) => setTimeout(r, 300));
  }
  throw new Error(`Timed out waiting for ${what}; last: ${JSON.stringify(last)}`);
}
