// npm run catalog:update — refreshes resources/catalog/ollama-library.json from the Ollama registry.
// Never run at app start: the app ships the file and reads it offline. Run it by hand (or in CI) and
// review the diff. For every curated tag it reads the registry manifest
// (GET https://registry.ollama.ai/v2/library/<name>/manifests/<tag>) and its config blob, and updates
// sizeBytes (sum of layer sizes = what `ollama list` shows), parameterSize (config `model_type`) and
// quantization (config `file_type`). Names, descriptions, licenses, capabilities, context and KV shapes
// stay curated (the registry does not publish them in a machine-readable form). --dry-run prints changes.
import fs from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { libraryFileSchema } from '../src/main/models/library-catalog';

const REGISTRY = process.env.OLLAMA_REGISTRY ?? 'https://registry.ollama.ai';
const FILE = path.resolve(import.meta.dirname, '..', 'resources', 'catalog', 'ollama-library.json');
const manifestSchema = z.object({ config: z.object({ digest: z.string() }), layers: z.array(z.object({ digest: z.string(), size: z.number().int().nonnegative() })) });
const configSchema = z.object({ model_type: z.string().optional(), file_type: z.string().optional() });

async function getJson<T>(url: string, schema: z.ZodType<T>, accept: string): Promise<T> {
  const res = await fetch(url, { headers: { accept }, signal: AbortSignal.timeout(20_000) });
  if (!res.ok) throw new Error(`${url}: HTTP ${res.status}`);
  return schema.parse(await res.json());
}

async function main() {
  const dryRun = process.argv.includes('--dry-run');
  const file = libraryFileSchema.parse(JSON.parse(fs.readFileSync(FILE, 'utf8')));
  let changed = 0;
  const failures: string[] = [];
  for (const model of file.models) {
    for (const tag of model.tags) {
      const ref = `${model.name}:${tag.tag}`;
      try {
        const manifest = await getJson(`${REGISTRY}/v2/library/${model.name}/manifests/${tag.tag}`, manifestSchema, 'application/vnd.docker.distribution.manifest.v2+json');
        const config = await getJson(`${REGISTRY}/v2/library/${model.name}/blobs/${manifest.config.digest}`, configSchema, 'application/json');
        const next = {
          sizeBytes: manifest.layers.reduce((a, l) => a + l.size, 0),
          parameterSize: config.model_type ?? tag.parameterSize,
          quantization: config.file_type ?? tag.quantization,
        };
        if (next.sizeBytes !== tag.sizeBytes || next.parameterSize !== tag.parameterSize || next.quantization !== tag.quantization) {
          console.log(`${ref}: ${tag.sizeBytes} → ${next.sizeBytes} bytes, ${tag.parameterSize} → ${next.parameterSize}, ${tag.quantization} → ${next.quantization}`);
          Object.assign(tag, next);
          changed++;
        }
      } catch (err) {
        failures.push(`${ref}: ${err instanceof Error ? err.message : String(err)}`);
      }
    }
  }
  for (const f of failures) console.error(`skipped ${f}`);
  if (failures.length && changed === 0) {
    console.error('Nothing updated (registry unreachable?). The shipped file is unchanged.');
    process.exit(1);
  }
  if (!dryRun) {
    file.updatedAt = new Date().toISOString().slice(0, 10);
    fs.writeFileSync(FILE, JSON.stringify(libraryFileSchema.parse(file), null, 2) + '\n');
  }
  console.log(`${changed} tags changed${dryRun ? ' (dry run, nothing written)' : `; wrote ${path.relative(process.cwd(), FILE)}`}`);
}

void main();
