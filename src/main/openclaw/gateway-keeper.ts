import type { GatewayResources, GatewaySupervision } from '../../shared/contract/openclaw';
import type { Logger } from '../log/logger';
import type { SettingsStore } from '../settings/settings-store';
import type { OpenClawCli } from './cli-runner';
import { probeGateway } from './gateway-probe';
import { createGatewaySupervisor, type GatewayCommand, type GatewaySupervisor } from './gateway-supervisor';
import type { SupervisorPolicy } from './gateway-supervisor-policy';
import type { SpendPause } from './ports';
import { createTreeSampler, type TreeUsage } from './process-tree';
import { DEFAULT_RESOURCE_LIMITS, guardStep, initialGuardState, type ResourceLimits } from './resource-guard';
import { serviceGateway, supervisedGateway, type GatewayControl } from './upgrade-gateway';

export interface GatewayKeeperDeps {
  settings: SettingsStore;
  log: Logger;
  cli: () => OpenClawCli | null;
  port: () => number;
  /** ClawGrid agent ids of the OpenClaw agents (they all run inside the one gateway). */
  agentIds: () => string[];
  spendPause?: SpendPause;
  onChange: () => void;
  policy?: Partial<SupervisorPolicy>;
  limits?: ResourceLimits;
  sampleMs?: number;
  /** Tests: how long a start may take before the wizard gives up. */
  gatewayWaitMs?: number;
}

/** The always-on part: the opt-in supervisor, its process tree's CPU/memory, and the runaway spend pause. */
export interface GatewayKeeper {
  supervision(): GatewaySupervision | null;
  resources(): GatewayResources | null;
  setEnabled(enabled: boolean): Promise<GatewaySupervision>;
  /** What the upgrade wizard stops and starts: ClawGrid's child when it runs one, else OpenClaw's service. */
  control(cli: OpenClawCli): GatewayControl;
  /** Starts the gateway if the setting says so (after OpenClaw was detected). */
  resume(): void;
  close(): Promise<void>;
}

/** The gateway in the foreground, as ClawGrid's child (no service manager needed, any HOME). */
export function gatewayRunCommand(cli: OpenClawCli, port: number): GatewayCommand {
  return { file: cli.bin, args: ['gateway', 'run', '--port', String(port), '--bind', 'loopback'], env: { ...cli.env } };
}

export function createGatewayKeeper(deps: GatewayKeeperDeps): GatewayKeeper {
  const limits = deps.limits ?? DEFAULT_RESOURCE_LIMITS;
  const probe = () => probeGateway(deps.port());
  let sup: GatewaySupervisor | null = null;
  let usage: TreeUsage | null = null;
  let guard = initialGuardState;
  let paused: string[] = [];
  let sampledAt = 0;
  const sample = createTreeSampler();

  const supervisor = (): GatewaySupervisor =>
    (sup ??= createGatewaySupervisor({
      command: () => {
        const c = deps.cli();
        return c ? gatewayRunCommand(c, deps.port()) : null;
      },
      probe,
      policy: deps.policy,
      onChange: () => deps.onChange(),
      log: (event, fields) => deps.log.warn(event, fields),
    }));

  const tick = () => {
    const pid = sup?.pid();
    if (!pid) {
      usage = null;
      return;
    }
    usage = sample(pid);
    sampledAt = Date.now();
    const step = guardStep(guard, usage, limits);
    guard = step.state;
    if (step.action === 'pause' && deps.spendPause) {
      paused = deps.agentIds();
      deps.spendPause.pause(paused, guard.reason ?? 'over its limits');
      deps.log.warn('openclaw.spend_paused', { agents: paused, reason: guard.reason });
    } else if (step.action === 'resume' && deps.spendPause) {
      deps.spendPause.resume(paused);
      deps.log.info('openclaw.spend_resumed', { agents: paused });
      paused = [];
    }
    if (step.action) deps.onChange();
  };
  const timer = setInterval(tick, deps.sampleMs ?? 10_000);
  timer.unref();

  const want = () => deps.settings.get().keepGatewayRunning;
  return {
    supervision: () => (sup ? sup.status() : null),
    resources: () =>
      usage && {
        ...usage,
        limits: { cpuPercent: limits.cpuPercent, memPercent: limits.memPercent },
        overLimit: guard.over > 0,
        pausedAgents: paused,
        reason: guard.reason,
        sampledAt,
      },
    async setEnabled(enabled) {
      if (deps.settings.get().keepGatewayRunning !== enabled) deps.settings.update({ keepGatewayRunning: enabled });
      if (enabled) supervisor().start();
      else await sup?.stop();
      return supervisor().status();
    },
    control: (cli) => (want() || sup?.status().enabled ? supervisedGateway(supervisor(), { probe, waitMs: deps.gatewayWaitMs }) : serviceGateway(cli, { probe, waitMs: deps.gatewayWaitMs })),
    resume() {
      if (want() && deps.cli() && !sup?.status().enabled) supervisor().start();
    },
    async close() {
      clearInterval(timer);
      if (paused.length) deps.spendPause?.resume(paused);
      await sup?.stop();
    },
  };
}
