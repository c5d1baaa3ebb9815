// The renderer's entry chunk has a budget (issue #17): the window's first paint waits for it, and every page
// beyond the first is a lazy chunk. `npm run build` fails when the entry grows past it.
import fs from 'node:fs';
import path from 'node:path';

export const ENTRY_BUDGET_BYTES = 600 * 1024;

/** The entry script of a built index.html (`<script type="module" src=…>`) and its size in bytes. */
export function entryChunk(rendererDir) {
  const html = fs.readFileSync(path.join(rendererDir, 'index.html'), 'utf8');
  const src = /<script[^>]*type="module"[^>]*src="([^"]+)"/.exec(html)?.[1];
  if (!src) throw new Error(`no module entry script in ${path.join(rendererDir, 'index.html')}`);
  const file = path.join(rendererDir, src.replace(/^\.?\//, ''));
  return { file, bytes: fs.statSync(file).size };
}

/** Null when the entry chunk fits the budget, else the message that fails the build. */
export function checkEntryBudget(rendererDir, budget = ENTRY_BUDGET_BYTES) {
  const { file, bytes } = entryChunk(rendererDir);
  if (bytes <= budget) return null;
  return `renderer entry chunk ${path.basename(file)} is ${(bytes / 1024).toFixed(1)} KB, over its ${(budget / 1024).toFixed(0)} KB budget: load the new code lazily (src/renderer/app/pages.ts) or trim it.`;
}
