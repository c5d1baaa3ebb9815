import { spawn } from 'node:child_process';
import path from 'node:path';

/** The result of one CLI invocation; a failure to start is `code: null` with the reason in `error`. */
export interface CliResult {
  code: number | null;
  stdout: string;
  stderr: string;
  timedOut: boolean;
  error: string | null;
  durationMs: number;
  /** The command line as a person would type it (for the wizard's "raw output"). */
  commandLine: string;
}

export interface CliRunOptions {
  timeoutMs?: number;
  /** Streamed output chunks (stdout and stderr interleaved), for the upgrade wizard. */
  onOutput?: (chunk: string) => void;
  /** Working directory (`openclaw backup create` writes its archive into the current directory). */
  cwd?: string;
}

/** Runs `openclaw …` asynchronously: never blocks the main loop, always ends (timeout kills the group). */
export interface OpenClawCli {
  readonly bin: string;
  /** The environment every invocation gets (Node 24 first on PATH, OpenClaw's embedding variables). */
  readonly env: Readonly<Record<string, string>>;
  run(args: string[], opts?: CliRunOptions): Promise<CliResult>;
}

const MAX_CAPTURE = 8 * 1024 * 1024;

/**
 * `nodeBinDir` goes first on PATH because openclaw.mjs starts with `#!/usr/bin/env node` and needs
 * Node ≥ 24.16; the OPENCLAW_* variables follow OpenClaw's embedding guide (docs/gateway/embedding.md).
 */
export function createOpenClawCli(opts: { bin: string; nodeBinDir?: string | null; env?: Record<string, string | undefined>; defaultTimeoutMs?: number }): OpenClawCli {
  const baseEnv = opts.env ?? process.env;
  const env: Record<string, string> = {};
  for (const [k, v] of Object.entries(baseEnv)) if (v !== undefined) env[k] = v;
  env.PATH = [opts.nodeBinDir, path.dirname(opts.bin), baseEnv.PATH].filter(Boolean).join(path.delimiter);
  env.OPENCLAW_EXEC_SHELL_SNAPSHOT = '0';
  env.OPENCLAW_NO_RESPAWN ??= '1';
  env.OPENCLAW_DISABLE_BONJOUR ??= '1';
  env.NO_COLOR = '1';
  env.FORCE_COLOR = '0';
  return {
    bin: opts.bin,
    env,
    run: (args, runOpts = {}) => runProcess(opts.bin, args, env, { timeoutMs: opts.defaultTimeoutMs, ...runOpts }, 'openclaw'),
  };
}

/**
 * Runs one program to its end without blocking the main loop; a timeout kills its whole process group.
 * `shown` is the program name in the command line the wizard displays.
 */
export function runProcess(file: string, args: string[], env: Record<string, string>, runOpts: CliRunOptions = {}, shown = file): Promise<CliResult> {
  const timeoutMs = runOpts.timeoutMs ?? 30_000;
  const commandLine = [shown, ...args.map(shellQuote)].join(' ');
  const started = Date.now();
  return new Promise<CliResult>((resolve) => {
    let stdout = '';
    let stderr = '';
    let timedOut = false;
    let settled = false;
    const finish = (code: number | null, error: string | null) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      resolve({ code, stdout, stderr, timedOut, error, durationMs: Date.now() - started, commandLine });
    };
    const child = spawn(file, args, { env, cwd: runOpts.cwd, stdio: ['ignore', 'pipe', 'pipe'], detached: process.platform !== 'win32' });
    const timer = setTimeout(() => {
      timedOut = true;
      killTree(child.pid);
    }, timeoutMs);
    child.stdout.setEncoding('utf8');
    child.stderr.setEncoding('utf8');
    child.stdout.on('data', (d: string) => {
      if (stdout.length < MAX_CAPTURE) stdout += d;
      runOpts.onOutput?.(d);
    });
    child.stderr.on('data', (d: string) => {
      if (stderr.length < MAX_CAPTURE) stderr += d;
      runOpts.onOutput?.(d);
    });
    child.on('error', (err) => finish(null, err.message));
    child.on('close', (code) => finish(code, timedOut ? `timed out after ${Math.round(timeoutMs / 1000)} s` : null));
  });
}

function killTree(pid: number | undefined): void {
  if (!pid) return;
  try {
    if (process.platform === 'win32') process.kill(pid);
    else process.kill(-pid, 'SIGKILL');
  } catch {
    /* already gone */
  }
}

/** Quotes an argument for display only (never executed through a shell). */
export function shellQuote(arg: string): string {
  return /^[\w@%+=:,./-]+$/.test(arg) ? arg : `'${arg.replace(/'/g, `'\\''`)}'`;
}
