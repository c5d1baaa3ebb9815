import { spawn, type ChildProcess } from 'node:child_process';
import type { GatewaySupervision } from '../../shared/contract/openclaw';
import { decide, DEFAULT_SUPERVISOR_POLICY, initialSupervisorState, nextWake, type SupervisorEvent, type SupervisorPolicy, type SupervisorState } from './gateway-supervisor-policy';

/** The command that runs the gateway in the foreground (`openclaw gateway run --port N --bind loopback`). */
export interface GatewayCommand {
  file: string;
  args: string[];
  env: Record<string, string>;
  cwd?: string;
}

export interface GatewaySupervisorDeps {
  command: () => GatewayCommand | null;
  probe: () => Promise<{ live: boolean; message: string }>;
  policy?: Partial<SupervisorPolicy>;
  /** How long a SIGTERM'd gateway may take before SIGKILL (OpenClaw shuts down in ~3 s). */
  stopGraceMs?: number;
  onChange?: (s: GatewaySupervision) => void;
  log?: (event: string, fields: Record<string, unknown>) => void;
}

/** Keeps OpenClaw's gateway running as ClawGrid's child: health checks, restarts with backoff, clean stop. */
export interface GatewaySupervisor {
  /** Starts supervising (spawns the gateway unless it already runs). */
  start(): void;
  /** Stops the gateway (SIGTERM to its process group, SIGKILL after the grace) and stops supervising. */
  stop(): Promise<void>;
  status(): GatewaySupervision;
  /** The supervised gateway's pid (the root of its process tree), or null. */
  pid(): number | null;
}

const TAIL = 2000;

export function createGatewaySupervisor(deps: GatewaySupervisorDeps): GatewaySupervisor {
  const policy = { ...DEFAULT_SUPERVISOR_POLICY, ...deps.policy };
  const stopGraceMs = deps.stopGraceMs ?? 15_000;
  let state: SupervisorState = initialSupervisorState();
  let child: ChildProcess | null = null;
  let exited: Promise<void> = Promise.resolve();
  let tail = '';
  let timer: NodeJS.Timeout | null = null;
  let probing = false;
  const log = deps.log ?? (() => {});

  const status = (): GatewaySupervision => ({
    enabled: state.wanted,
    phase: state.phase,
    pid: child?.pid ?? null,
    startedAt: state.startedAt,
    healthySince: state.healthySince,
    restarts: state.restarts,
    lastError: state.lastError,
    lastErrorAt: state.lastErrorAt,
    nextRestartAt: state.phase === 'backoff' ? state.restartAt : null,
  });

  const schedule = () => {
    if (timer) clearTimeout(timer);
    timer = null;
    const at = nextWake(state);
    if (at === null) return;
    timer = setTimeout(() => dispatch({ type: 'tick', now: Date.now() }), Math.max(0, at - Date.now()));
    timer.unref();
  };

  function dispatch(e: SupervisorEvent): void {
    const before = state;
    const step = decide(state, e, policy);
    state = step.state;
    if (state.restarts !== before.restarts) log('openclaw.gateway_restart', { restarts: state.restarts, error: state.lastError, inMs: (state.restartAt ?? e.now) - e.now });
    for (const a of step.actions) {
      if (a.type === 'spawn') spawnGateway();
      else if (a.type === 'kill') kill();
      else void probeOnce();
    }
    schedule();
    if (before !== state) deps.onChange?.(status());
  }

  function spawnGateway(): void {
    // A gateway killed for failing its checks must be gone before the next one takes its port.
    if (child) return void exited.then(() => state.phase === 'starting' && spawnGateway());
    const cmd = deps.command();
    if (!cmd) return queueMicrotask(() => dispatch({ type: 'spawn-failed', now: Date.now(), error: 'OpenClaw was not found' }));
    tail = '';
    let c: ChildProcess;
    try {
      // Its own process group, so a stop reaches the gateway's workers too.
      c = spawn(cmd.file, cmd.args, { env: cmd.env, cwd: cmd.cwd, stdio: ['ignore', 'pipe', 'pipe'], detached: process.platform !== 'win32' });
    } catch (err) {
      return queueMicrotask(() => dispatch({ type: 'spawn-failed', now: Date.now(), error: String(err) }));
    }
    child = c;
    const keep = (d: Buffer) => void (tail = (tail + d.toString('utf8')).slice(-TAIL));
    c.stdout?.on('data', keep);
    c.stderr?.on('data', keep);
    exited = new Promise<void>((resolve) => {
      let done = false;
      const end = (code: number | null, signal: string | null, error?: string) => {
        if (done) return;
        done = true;
        if (child === c) child = null;
        resolve();
        if (error && code === null && signal === null) dispatch({ type: 'spawn-failed', now: Date.now(), error });
        else dispatch({ type: 'exited', now: Date.now(), code, signal, tail: lastLines(tail) });
      };
      c.on('error', (err) => end(null, null, err.message));
      c.on('exit', (code, signal) => end(code, signal));
    });
    if (c.pid) dispatch({ type: 'spawned', now: Date.now() });
  }

  function signalGroup(c: ChildProcess, sig: NodeJS.Signals): void {
    if (!c.pid) return;
    try {
      if (process.platform === 'win32') c.kill(sig);
      else process.kill(-c.pid, sig);
    } catch {
      /* already gone */
    }
  }

  function kill(): void {
    const c = child;
    if (!c) return;
    signalGroup(c, 'SIGTERM');
    const hard = setTimeout(() => signalGroup(c, 'SIGKILL'), stopGraceMs);
    hard.unref();
    void exited.then(() => {
      clearTimeout(hard);
      // Workers the gateway left behind in its group go too.
      signalGroup(c, 'SIGKILL');
    });
  }

  async function probeOnce(): Promise<void> {
    if (probing) return;
    probing = true;
    try {
      const p = await deps.probe().catch((err: unknown) => ({ live: false, message: String(err) }));
      dispatch({ type: 'probe', now: Date.now(), live: p.live, message: p.message });
    } finally {
      probing = false;
    }
  }

  return {
    start: () => dispatch({ type: 'start', now: Date.now() }),
    async stop() {
      const wait = exited;
      dispatch({ type: 'stop', now: Date.now() });
      await wait;
    },
    status,
    pid: () => child?.pid ?? null,
  };
}

function lastLines(text: string): string {
  return text.trim().split('\n').slice(-3).join(' | ').slice(-500);
}
