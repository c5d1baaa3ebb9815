import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { launchdManager, systemdManager, systemRunner, type RunCommand, type ServiceManager, type Step } from './service-manager';
import { serviceSpec } from './service-spec';

/** Where the CLI writes; tests capture it. */
export interface ServiceIo {
  out(text: string): void;
  err(line: string): void;
}

export interface ServiceCliOptions {
  env?: Record<string, string | undefined>;
  platform?: NodeJS.Platform;
  /** The checkout whose bin/serve.mjs the service runs. */
  root?: string;
  /** The Node that will run it (default: the one running this command). */
  node?: string;
  run?: RunCommand;
  uid?: number;
}

export const SERVICE_USAGE = `usage: clawgrid service install|uninstall|status|print [--data-dir DIR] [--platform linux|darwin]
  install    write the unit (systemd user unit on Linux, launchd agent on macOS) and start it now and at login
  uninstall  stop it and remove the unit
  status     installed? enabled? running? (exit 0 running, 3 not running)
  print      write the unit to stdout; installs nothing (--platform picks systemd or launchd)
Exit status: 0 done, 1 a service manager command failed, 2 unusable input, 3 not running.`;

const ROOT = path.resolve(__dirname, '..', '..', '..');

/** `clawgrid service …`: returns the exit status. */
export function runServiceCli(args: string[], io: ServiceIo, opts: ServiceCliOptions = {}): number {
  const env = opts.env ?? process.env;
  const [verb, ...rest] = args;
  let dataDir: string | undefined;
  let platform = opts.platform ?? process.platform;
  for (let i = 0; i < rest.length; i++) {
    const a = rest[i];
    const value = rest[i + 1];
    if ((a === '--data-dir' || a === '--platform') && value !== undefined) {
      if (a === '--data-dir') dataDir = value;
      else if (verb === 'print' && (value === 'linux' || value === 'darwin')) platform = value;
      else return usage(io, `--platform ${value}: only print takes it, and only linux or darwin`);
      i++;
    } else return usage(io, `unexpected argument ${a}`);
  }
  if (!verb || !['install', 'uninstall', 'status', 'print'].includes(verb)) return usage(io, verb ? `unknown command ${verb}` : null);

  const home = env.HOME || os.homedir();
  const manager = platform === 'linux' ? systemdManager(env, home) : platform === 'darwin' ? launchdManager(home, opts.uid ?? process.getuid?.() ?? 0) : null;
  if (!manager) {
    io.err(`clawgrid service: ${platform} is not supported (systemd on Linux, launchd on macOS). On Windows run \`npm run serve\` from Task Scheduler.`);
    return 2;
  }
  const run = opts.run ?? systemRunner(env);
  let spec;
  try {
    spec = serviceSpec({ root: opts.root ?? ROOT, node: opts.node ?? process.execPath, env, dataDir });
  } catch (err) {
    io.err(`clawgrid service: ${(err as Error).message}`);
    return 2;
  }

  switch (verb) {
    case 'print':
      io.out(manager.render(spec));
      return 0;
    case 'install': {
      const text = manager.render(spec);
      const previous = readOrNull(manager.file);
      fs.mkdirSync(path.dirname(manager.file), { recursive: true });
      fs.writeFileSync(`${manager.file}.tmp`, text, { mode: 0o600 });
      fs.renameSync(`${manager.file}.tmp`, manager.file);
      io.out(`wrote ${manager.file}\n`);
      if (!runSteps(manager.activate(previous !== null), run, io)) return 1;
      io.out(`ClawGrid runs as a service (data dir ${spec.dataDir}).\n${manager.afterInstall().join('\n')}\n`);
      return 0;
    }
    case 'uninstall': {
      if (readOrNull(manager.file) === null) {
        io.out(`not installed (${manager.file} does not exist)\n`);
        return 0;
      }
      runSteps(manager.deactivate(), run, io);
      fs.rmSync(manager.file, { force: true });
      io.out(`removed ${manager.file}\n`);
      if (platform === 'linux') runSteps([{ cmd: 'systemctl', args: ['--user', 'daemon-reload'], mayFail: true }], run, io);
      return 0;
    }
    default:
      return status(manager, run, io);
  }
}

function status(manager: ServiceManager, run: RunCommand, io: ServiceIo): number {
  const installed = readOrNull(manager.file) !== null;
  io.out(`unit: ${manager.file} (${installed ? 'installed' : 'not installed'})\n`);
  let running = false;
  for (const step of manager.statusSteps()) {
    const r = run(step.cmd, step.args);
    const answer = r.stdout.trim() || r.stderr.trim() || `exit ${r.code}`;
    if (step.cmd === 'launchctl') {
      running = r.code === 0 && /^\s*state = running$/m.test(r.stdout);
      io.out(`launchd: ${r.code === 0 ? (running ? 'running' : 'loaded, not running') : 'not loaded'}\n`);
    } else {
      const what = step.args[1] === 'is-active' ? 'active' : 'enabled';
      if (what === 'active') running = r.code === 0 && answer === 'active';
      io.out(`${what}: ${answer.split('\n')[0]}\n`);
    }
  }
  return running ? 0 : 3;
}

function runSteps(steps: Step[], run: RunCommand, io: ServiceIo): boolean {
  for (const step of steps) {
    const r = run(step.cmd, step.args);
    io.out(`$ ${step.cmd} ${step.args.join(' ')}${r.code === 0 ? '' : ` (exit ${r.code})`}\n`);
    if (r.code !== 0 && !step.mayFail) {
      io.err(`clawgrid service: \`${step.cmd} ${step.args.join(' ')}\` failed: ${(r.stderr || r.stdout).trim().split('\n')[0] ?? ''}`);
      return false;
    }
  }
  return true;
}

function readOrNull(file: string): string | null {
  try {
    return fs.readFileSync(file, 'utf8');
  } catch {
    return null;
  }
}

function usage(io: ServiceIo, problem: string | null): number {
  if (problem) io.err(`clawgrid service: ${problem}`);
  io.err(SERVICE_USAGE);
  return 2;
}
