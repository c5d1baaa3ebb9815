import type http from 'node:http';
import { fakeDigest, type FakeModel } from './fake-models';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * `/api/pull` as Ollama streams it (ollama-api.md §10): `pulling manifest`, per layer `pulling <12 hex>` with
 * `digest` and `total` (no `completed` until bytes arrived; a layer already on disk reports completed == total
 * at once), `verifying sha256 digest`, `writing manifest`, `success`. A name the registry lacks: HTTP 200 and an
 * `{"error"}` line after `pulling manifest`. `stream:false`: one `{"status":"success"}` (or 500 `{"error"}`).
 * Returns the model once it is on disk (the caller lists it from then on), null when not.
 */
export async function servePull(res: http.ServerResponse, name: string, found: FakeModel | undefined, installed: boolean, body: Record<string, unknown>, lineDelayMs: number): Promise<FakeModel | null> {
  if (body.stream === false) {
    const text = JSON.stringify(found ? { status: 'success' } : { error: 'pull model manifest: file does not exist' });
    res.writeHead(found ? 200 : 500, { 'content-type': 'application/json; charset=utf-8', 'content-length': Buffer.byteLength(text) });
    res.end(text);
    return found ?? null;
  }
  res.writeHead(200, { 'content-type': 'application/x-ndjson' });
  const line = (o: unknown) => res.write(JSON.stringify(o) + '\n');
  line({ status: 'pulling manifest' });
  if (!found) {
    line({ error: 'pull model manifest: file does not exist' });
    res.end();
    return null;
  }
  const sizes = [found.sizeBytes - 9236, 1429, 7711, 96];
  for (const [i, total] of sizes.entries()) {
    const digest = `sha256:${fakeDigest(`${name}/layer${i}`)}`;
    const status = `pulling ${digest.slice(7, 19)}`;
    if (installed) {
      line({ status, digest, total, completed: total });
      continue;
    }
    line({ status, digest, total });
    for (const completed of [Math.floor(total / 2), total]) {
      await sleep(lineDelayMs);
      if (res.destroyed) return null;
      line({ status, digest, total, completed });
    }
  }
  for (const status of ['verifying sha256 digest', 'writing manifest', 'success']) line({ status });
  res.end();
  return found;
}
