import type { GatewayProbe } from '../../shared/contract/openclaw';
import type { OpenClawCli } from './cli-runner';
import type { GatewaySupervisor } from './gateway-supervisor';

/**
 * How the wizard stops and starts the gateway around an update (a running gateway blocks `openclaw update`:
 * its doctor step waits for the gateway to release state). ClawGrid's own supervisor when it runs the
 * gateway; else OpenClaw's service commands, which need a service manager (launchd, systemd, schtasks).
 */
export interface GatewayControl {
  readonly kind: 'supervised' | 'service';
  /** Stops it; resolves with what happened, in words. */
  stop(): Promise<{ ok: boolean; detail: string }>;
  /** Starts it and waits until /healthz answers (or the wait ends); the last probe. */
  start(): Promise<{ probe: GatewayProbe; detail: string }>;
}

export interface GatewayControlDeps {
  probe: () => Promise<GatewayProbe>;
  /** How long a start may take (OpenClaw 2026.9.x listens after ~20 s; much longer on a busy machine). */
  waitMs?: number;
  sleep?: (ms: number) => Promise<void>;
}

const defaultSleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

async function waitFor(deps: GatewayControlDeps, live: boolean): Promise<GatewayProbe> {
  const sleep = deps.sleep ?? defaultSleep;
  const deadline = Date.now() + (deps.waitMs ?? 180_000);
  let p = await deps.probe();
  while (p.live !== live && Date.now() < deadline) {
    await sleep(1000);
    p = await deps.probe();
  }
  return p;
}

export function supervisedGateway(sup: GatewaySupervisor, deps: GatewayControlDeps): GatewayControl {
  return {
    kind: 'supervised',
    async stop() {
      await sup.stop();
      const p = await deps.probe();
      return p.live ? { ok: false, detail: `ClawGrid stopped its gateway, but something still answers on ${p.url}: stop that gateway first.` } : { ok: true, detail: 'ClawGrid stopped the gateway it runs.' };
    },
    async start() {
      sup.start();
      const probe = await waitFor(deps, true);
      const s = sup.status();
      return { probe, detail: probe.live ? `ClawGrid started the gateway (pid ${s.pid ?? '?'}).` : `The gateway did not come up: ${probe.message}${s.lastError ? ` — ${s.lastError}` : ''}` };
    },
  };
}

export function serviceGateway(cli: OpenClawCli, deps: GatewayControlDeps): GatewayControl {
  const tail = (r: { stdout: string; stderr: string }) => (r.stderr || r.stdout).trim().slice(-300);
  return {
    kind: 'service',
    async stop() {
      if (!(await deps.probe()).live) return { ok: true, detail: 'The gateway was not running.' };
      const r = await cli.run(['gateway', 'stop'], { timeoutMs: 120_000 });
      const p = await waitFor({ ...deps, waitMs: Math.min(30_000, deps.waitMs ?? 30_000) }, false);
      if (!p.live) return { ok: true, detail: 'Stopped with openclaw gateway stop.' };
      return { ok: false, detail: `The gateway still runs after openclaw gateway stop (${tail(r) || `exit ${r.code}`}). It was not started by a service manager: stop it where it runs, or let ClawGrid run it (Agents → keep the gateway running).` };
    },
    async start() {
      const r = await cli.run(['gateway', 'start'], { timeoutMs: 120_000 });
      const probe = await waitFor(deps, true);
      return { probe, detail: probe.live ? 'Started with openclaw gateway start.' : `Still down: ${probe.message}${r.code !== 0 ? ` — openclaw gateway start said: ${tail(r)}` : ''}` };
    },
  };
}
