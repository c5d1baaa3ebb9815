import fs from 'node:fs';
import path from 'node:path';
import { z } from 'zod';

/** One pullable tag at one quantization, as the curated catalog lists it. */
export const libraryTagSchema = z.object({
  tag: z.string().min(1),
  parameterSize: z.string().min(1),
  quantization: z.string().min(1),
  sizeBytes: z.number().int().positive(),
  kv: z.object({ layers: z.number().int().positive(), kvHeads: z.number().int().positive(), headDim: z.number().int().positive() }).nullable(),
});

export const libraryModelSchema = z.object({
  name: z.string().min(1),
  description: z.string(),
  license: z.string(),
  capabilities: z.array(z.string()),
  contextLength: z.number().int().positive(),
  tags: z.array(libraryTagSchema).min(1),
});

/** resources/catalog/ollama-library.json: shipped with the app, refreshed by `npm run catalog:update`, never fetched at start. */
export const libraryFileSchema = z.object({
  schemaVersion: z.literal(1),
  updatedAt: z.string(),
  source: z.string(),
  models: z.array(libraryModelSchema),
});
export type LibraryFile = z.infer<typeof libraryFileSchema>;
export type LibraryModel = z.infer<typeof libraryModelSchema>;

export const LIBRARY_FILE = path.join('catalog', 'ollama-library.json');

/** Where the shipped resources are: packaged app, built output (out/main), or the source tree. */
export function libraryCandidates(env: Record<string, string | undefined>): string[] {
  const res = (process as { resourcesPath?: string }).resourcesPath;
  return [
    env.CLAWGRID_CATALOG_FILE,
    res ? path.join(res, 'resources', LIBRARY_FILE) : undefined,
    path.resolve(__dirname, '..', '..', 'resources', LIBRARY_FILE),
    path.resolve(__dirname, '..', '..', '..', 'resources', LIBRARY_FILE),
    path.resolve(process.cwd(), 'resources', LIBRARY_FILE),
  ].filter((p): p is string => !!p);
}

/** Reads and validates the curated catalog; a missing or broken file is an error value, not a crash. */
export function loadLibrary(candidates: string[]): { ok: true; file: LibraryFile; path: string } | { ok: false; message: string } {
  for (const p of candidates) {
    let text: string;
    try {
      text = fs.readFileSync(p, 'utf8');
    } catch {
      continue;
    }
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch {
      return { ok: false, message: `The model catalog ${p} is not valid JSON` };
    }
    const parsed = libraryFileSchema.safeParse(json);
    if (!parsed.success) return { ok: false, message: `The model catalog ${p} is malformed: ${parsed.error.issues[0]?.message ?? ''}` };
    return { ok: true, file: parsed.data, path: p };
  }
  return { ok: false, message: 'The curated model catalog (resources/catalog/ollama-library.json) was not found' };
}
