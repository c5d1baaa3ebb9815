// Shared by start/serve: build the app only when sources are newer than the last build.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { checkEntryBudget } from './bundle-budget.mjs';

export const root = path.resolve(import.meta.dirname, '..', '..');
const STAMP = path.join(root, 'out', '.build-stamp');
const INPUTS = ['src', 'resources', 'electron.vite.config.ts', 'package.json', 'tsconfig.json'];

function newestMtime(p) {
  let st;
  try {
    st = fs.statSync(p);
  } catch {
    return 0;
  }
  if (!st.isDirectory()) return st.mtimeMs;
  let max = st.mtimeMs;
  for (const e of fs.readdirSync(p)) max = Math.max(max, newestMtime(path.join(p, e)));
  return max;
}

export function buildIsFresh() {
  let stamp;
  try {
    stamp = fs.statSync(STAMP).mtimeMs;
  } catch {
    return false;
  }
  return INPUTS.every((i) => newestMtime(path.join(root, i)) <= stamp);
}

/** Runs `electron-vite build` if needed; exits the process with its code on failure. */
export function buildIfNeeded() {
  if (buildIsFresh()) return;
  process.stderr.write('ClawGrid: building the app (first start or sources changed)…\n');
  buildNow({ quiet: true });
}

export function buildNow({ quiet = false } = {}) {
  const bin = path.join(root, 'node_modules', '.bin', process.platform === 'win32' ? 'electron-vite.cmd' : 'electron-vite');
  const r = spawnSync(bin, ['build'], { cwd: root, stdio: ['ignore', quiet ? 'ignore' : 'inherit', 'inherit'], shell: process.platform === 'win32' });
  if (r.status !== 0) {
    process.stderr.write('ClawGrid: build failed (run `npm run build` to see why).\n');
    process.exit(r.status ?? 1);
  }
  const overBudget = checkEntryBudget(path.join(root, 'out', 'renderer'));
  if (overBudget) {
    process.stderr.write(`ClawGrid: build failed — ${overBudget}\n`);
    process.exit(1);
  }
  fs.mkdirSync(path.dirname(STAMP), { recursive: true });
  fs.writeFileSync(STAMP, new Date().toISOString());
}
