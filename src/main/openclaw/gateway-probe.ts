import type { GatewayProbe } from '../../shared/contract/openclaw';
import { healthzSchema, readyzSchema, startupzSchema } from './cli-schemas';

async function getJson(url: string, timeoutMs: number): Promise<{ status: number; json: unknown }> {
  const res = await fetch(url, { signal: AbortSignal.timeout(timeoutMs) });
  const text = await res.text();
  let json: unknown = null;
  try {
    json = JSON.parse(text);
  } catch {
    /* non-JSON body: treated as not ready */
  }
  return { status: res.status, json };
}

/** Probes OpenClaw's unauthenticated /healthz, /readyz and /startupz; never throws. */
export async function probeGateway(port: number, opts: { host?: string; timeoutMs?: number } = {}): Promise<GatewayProbe> {
  const base = `http://${opts.host ?? '127.0.0.1'}:${port}`;
  const timeoutMs = opts.timeoutMs ?? 2000;
  const down = (message: string): GatewayProbe => ({ url: base, live: false, ready: false, failing: [], version: null, uptimeMs: null, message });
  let live = false;
  try {
    const h = await getJson(`${base}/healthz`, timeoutMs);
    live = h.status === 200 && healthzSchema.safeParse(h.json).data?.ok === true;
    if (!live) return down(`The gateway at ${base} answered /healthz with HTTP ${h.status}.`);
  } catch (err) {
    const cause = err instanceof Error && 'cause' in err && err.cause instanceof Error ? err.cause.message : String(err);
    return down(/ECONNREFUSED/.test(cause) ? `No gateway is listening on ${base}.` : `The gateway at ${base} did not answer: ${cause}`);
  }
  const [ready, startup] = await Promise.all([
    getJson(`${base}/readyz`, timeoutMs).catch(() => null),
    getJson(`${base}/startupz`, timeoutMs).catch(() => null),
  ]);
  const r = readyzSchema.safeParse(ready?.json);
  const s = startupzSchema.safeParse(startup?.json);
  const failing = r.success ? r.data.failing.map((f) => (typeof f === 'string' ? f : JSON.stringify(f))) : [];
  const isReady = r.success && r.data.ready;
  return {
    url: base,
    live,
    ready: isReady,
    failing,
    version: s.success ? (s.data.version ?? null) : null,
    uptimeMs: (s.success ? s.data.uptimeMs : undefined) ?? (r.success ? r.data.uptimeMs : undefined) ?? null,
    message: isReady ? 'Gateway live and ready.' : failing.length ? `Gateway live but not ready: ${failing.join(', ')}` : 'Gateway live but not ready yet.',
  };
}
