import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
// @ts-expect-error plain .mjs build helper without types
import { checkEntryBudget, entryChunk } from './bundle-budget.mjs';

let dir: string;
afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

function built(entryBytes: number): string {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cg-budget-'));
  fs.mkdirSync(path.join(dir, 'assets'));
  fs.writeFileSync(path.join(dir, 'index.html'), '<script type="module" crossorigin src="./assets/index-abc.js"></script><link rel="modulepreload" href="./assets/big.js">');
  fs.writeFileSync(path.join(dir, 'assets', 'index-abc.js'), 'x'.repeat(entryBytes));
  fs.writeFileSync(path.join(dir, 'assets', 'big.js'), 'x'.repeat(2_000_000)); // a lazy chunk does not count
  return dir;
}

describe('renderer entry budget', () => {
  it('finds the entry script index.html loads', () => {
    expect(entryChunk(built(1234))).toMatchObject({ bytes: 1234 });
  });

  it('passes at the budget and fails one byte over it, naming the chunk', () => {
    expect(checkEntryBudget(built(600 * 1024))).toBeNull();
    expect(checkEntryBudget(built(600 * 1024 + 1))).toMatch(/index-abc\.js is 600\.0 KB, over its 600 KB budget/);
  });
});

// The real build is checked by the build itself: bin/lib/build.mjs fails `npm run build` (and so `npm run test:e2e`) when
// the entry chunk is over budget. A unit test reading out/ would judge whatever build happens to be lying there.
