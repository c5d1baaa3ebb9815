import fs from 'node:fs';
import type { GatewayProbe, UpgradeRun } from '../../shared/contract/openclaw';
import { parseCliJson } from './cli-json';
import type { CliResult, OpenClawCli } from './cli-runner';
import { backupSchema, doctorPostUpgradeSchema, healthSchema, parseVersionLine, updateResultSchema } from './cli-schemas';
import { MIN_NODE, nodeSatisfies } from './detect';
import { installedStateSchema, type OpenClawInstaller } from './openclaw-installer';
import type { GatewayControl } from './upgrade-gateway';
import { UpgradeRecorder } from './upgrade-recorder';
import { rollbackSteps } from './upgrade-rollback';
import { updateVerdict } from './upgrade-result';

export interface UpgradeDeps {
  cli: OpenClawCli;
  nodeVersion: string | null;
  stateDir: string;
  /** ClawGrid's data dir: `openclaw backup create` writes into its cwd, so it runs here; restores land here too. */
  dataDir: string;
  probe: () => Promise<GatewayProbe>;
  gateway: GatewayControl;
  installer: OpenClawInstaller;
  onChange: (run: UpgradeRun) => void;
  /** Free-bytes check; injectable so tests need no full disk. */
  freeBytes?: (dir: string) => number | null;
}

const NEED_FREE_BYTES = 2 * 1024 ** 3;
const STEP_TIMEOUT = 30 * 60_000;

function defaultFreeBytes(dir: string): number | null {
  try {
    const s = fs.statfsSync(fs.existsSync(dir) ? dir : '/');
    return s.bavail * s.bsize;
  } catch {
    return null;
  }
}

/** What going back will take, said before anything changes (OpenClaw's state migrations are one-way). */
export function rollbackPlan(from: string | null, target: string, installer: OpenClawInstaller): string {
  if (!from) return 'The installed version is unknown, so ClawGrid could not go back after this upgrade.';
  const schema = installedStateSchema(installer.prefix);
  const oneWay = `OpenClaw ${target} migrates its state one way${schema !== null ? ` (${from} reads state schema ${schema}; a newer one refuses to go back)` : ''}, so after the upgrade \`openclaw update --tag ${from}\` is refused.`;
  if (!installer.prefix) return `${oneWay} Going back means restoring the backup taken before the upgrade and reinstalling ${from} by hand: this install is not an npm global-prefix install ClawGrid can reinstall.`;
  return `${oneWay} Going back means restoring the backup taken before the upgrade (state as it is now: whatever agents do after the upgrade is lost), reinstalling openclaw@${from} into ${installer.prefix} and starting the gateway (about a minute).`;
}

/**
 * The upgrade wizard: preflight (backup, OpenClaw's own dry run) → stop the gateway → update → start it →
 * verify; a failed verification rolls back (backup restore + reinstall). It ends with the gateway running or
 * the exact reason it is not. `dryRun` changes nothing.
 */
export async function runUpgrade(deps: UpgradeDeps, opts: { id: string; from: string | null; target: string; dryRun: boolean }): Promise<UpgradeRun> {
  const rec = new UpgradeRecorder({ id: opts.id, fromVersion: opts.from, targetVersion: opts.target, dryRun: opts.dryRun }, deps.onChange);
  const plan = rollbackPlan(opts.from, opts.target, deps.installer);
  rec.run.rollbackPlan = plan;
  const steps = {
    node: rec.add('node', `Node ≥ ${MIN_NODE}`, 'preflight'),
    disk: rec.add('disk', 'Free disk space', 'preflight'),
    plan: rec.add('rollback-plan', 'How going back would work', 'preflight'),
    backup: rec.add('backup', 'openclaw backup create --verify', 'preflight'),
    dry: rec.add('update-dry-run', `Update to ${opts.target} (dry run)`, 'preflight'),
    stop: rec.add('gateway-stop', 'Stop the gateway (a running one blocks openclaw update)', 'apply'),
    apply: rec.add('apply', `Update to ${opts.target}`, 'apply'),
    start: rec.add('gateway-start', 'Start the gateway', 'apply'),
    doctor: rec.add('doctor', 'Post-upgrade doctor', 'verify'),
    health: rec.add('health', 'Gateway health', 'verify'),
    version: rec.add('version', 'CLI and gateway report the new version', 'verify'),
  };
  type Step = (typeof steps)[keyof typeof steps];
  const cli = async (step: Step, args: string[], timeoutMs = 120_000, cwd?: string): Promise<CliResult> => {
    rec.start(step, ['openclaw', ...args].join(' '));
    const r = await deps.cli.run(args, { timeoutMs, cwd, onOutput: (c) => rec.append(step, c) });
    rec.output(step, r);
    return r;
  };
  const gatewayWasLive = (await deps.probe()).live;

  /** Makes sure the gateway runs after a failure; returns the final probe. */
  const ensureGateway = async (why: string): Promise<GatewayProbe> => {
    const p = await deps.probe();
    if (p.live) return p;
    const step = rec.add(`restore-${rec.run.steps.length}`, `Start the gateway (${why})`, 'restore');
    rec.start(step);
    const s = await deps.gateway.start();
    rec.end(step, s.probe.live ? 'ok' : 'failed', s.detail);
    return s.probe;
  };
  const finish = async (state: 'failed' | 'rolled-back', what: string, bringBack: boolean): Promise<UpgradeRun> => {
    const p = bringBack ? await ensureGateway('after a failed upgrade') : await deps.probe();
    const gw = p.live ? `The gateway is running (${p.version ?? 'version unknown'}).` : `The gateway is NOT running: ${p.message}`;
    return rec.finish(state, `${what} ${gw}`, p.live);
  };
  const preflightFailed = (what: string) => finish('failed', `Preflight failed: ${what} Nothing was changed.`, gatewayWasLive);

  // Preflight: nothing changes yet.
  if (!deps.nodeVersion || !nodeSatisfies(deps.nodeVersion)) {
    rec.end(steps.node, 'failed', `Node ${deps.nodeVersion ?? 'not found'}; OpenClaw ${opts.target} needs ≥ ${MIN_NODE}.`);
    return preflightFailed('Node is too old.');
  }
  rec.end(steps.node, 'ok', `Node ${deps.nodeVersion}.`);
  const free = (deps.freeBytes ?? defaultFreeBytes)(deps.stateDir);
  if (free !== null && free < NEED_FREE_BYTES) {
    rec.end(steps.disk, 'failed', `${(free / 1024 ** 3).toFixed(1)} GiB free; an update needs about 2 GiB (staging + backup).`);
    return preflightFailed('not enough disk space.');
  }
  rec.end(steps.disk, 'ok', free === null ? 'Free space could not be measured; continuing.' : `${(free / 1024 ** 3).toFixed(1)} GiB free.`);
  rec.end(steps.plan, 'ok', plan);
  fs.mkdirSync(deps.dataDir, { recursive: true });
  const b = parseCliJson(await cli(steps.backup, ['backup', 'create', ...(opts.dryRun ? ['--dry-run'] : ['--verify']), '--json'], 10 * 60_000, deps.dataDir), backupSchema);
  if (!b.ok) {
    rec.end(steps.backup, 'failed', b.message);
    return preflightFailed('the backup did not complete.');
  }
  if (!opts.dryRun) rec.run.backupPath = b.value.archivePath;
  rec.end(steps.backup, 'ok', opts.dryRun ? `Would write ${b.value.archivePath}.` : `Backup written and verified: ${b.value.archivePath}.`);
  const dryRes = await cli(steps.dry, ['update', '--tag', opts.target, '--dry-run', '--json'], STEP_TIMEOUT);
  const dry = parseCliJson(dryRes, updateResultSchema);
  const dryV = dry.ok ? updateVerdict(dry.value, { dryRun: true, exitCode: dryRes.code }) : null;
  if (!dryV?.ok) {
    const why = dryV?.message ?? (dry.ok ? '' : dry.message);
    rec.end(steps.dry, 'failed', why);
    return preflightFailed(`OpenClaw's own dry run refused the update — ${why}`);
  }
  const actions = dry.ok ? ((dry.value as { actions?: unknown }).actions ?? []) : [];
  rec.end(steps.dry, 'ok', `OpenClaw validated the update plan${Array.isArray(actions) && actions.length ? `: ${actions.join('; ')}` : ''}.`);

  if (opts.dryRun) {
    const would: [keyof typeof steps, string][] = [
      ['stop', deps.gateway.kind === 'supervised' ? 'ClawGrid stops the gateway it runs' : 'openclaw gateway stop'],
      ['apply', `openclaw update --tag ${opts.target} --yes --no-restart --json`],
      ['start', deps.gateway.kind === 'supervised' ? 'ClawGrid starts the gateway again' : 'openclaw gateway start'],
      ['doctor', 'openclaw doctor --post-upgrade --json'],
      ['health', 'openclaw health --json'],
      ['version', `openclaw --version and GET /startupz must both say ${opts.target}`],
    ];
    for (const [k, cmd] of would) {
      steps[k].command = cmd;
      rec.end(steps[k], 'skipped', `Dry run: would run ${cmd}`);
    }
    const p = await deps.probe();
    return rec.finish('succeeded', `Dry run complete: every preflight check passed and nothing was changed. ${p.live ? 'The gateway is running.' : `The gateway is not running: ${p.message}`}`, p.live);
  }

  // Apply: the gateway must be down, or OpenClaw's doctor step waits for it to release its state.
  rec.start(steps.stop);
  const stopped = await deps.gateway.stop();
  rec.end(steps.stop, stopped.ok ? 'ok' : 'failed', stopped.detail);
  if (!stopped.ok) return finish('failed', 'The gateway could not be stopped, so the update did not start. Nothing was changed.', true);
  const applied = await cli(steps.apply, ['update', '--tag', opts.target, '--yes', '--no-restart', '--json'], STEP_TIMEOUT);
  const ap = parseCliJson(applied, updateResultSchema);
  const apV = ap.ok ? updateVerdict(ap.value, { dryRun: false, exitCode: applied.code }) : null;
  if (!apV?.ok) {
    const why = apV?.message ?? (ap.ok ? '' : ap.message);
    rec.end(steps.apply, 'failed', why);
    const now = parseVersionLine((await deps.cli.run(['--version'], { timeoutMs: 15_000 })).stdout)?.version ?? null;
    if (now && now === opts.from && apV?.refusal !== 'state-migrated-no-rollback') {
      return finish('failed', `The update failed before the swap (${why}); OpenClaw is still on ${opts.from}, so there is nothing to roll back.`, true);
    }
    return rollback(`The update failed: ${why}.`);
  }
  rec.end(steps.apply, 'ok', `Updated${ap.ok && (ap.value.run?.after?.version ?? ap.value.after?.version) ? ` to ${ap.value.run?.after?.version ?? ap.value.after?.version}` : ''}.`);
  rec.start(steps.start);
  const started = await deps.gateway.start();
  rec.end(steps.start, started.probe.live ? 'ok' : 'failed', started.detail);
  if (!started.probe.live) return rollback('The gateway did not start on the new version.');

  // Verify.
  const doc = parseCliJson(await cli(steps.doctor, ['doctor', '--post-upgrade', '--json']), doctorPostUpgradeSchema);
  const bad = doc.ok ? doc.value.findings.filter((f) => f.severity === 'error' || f.severity === 'critical') : [];
  if (!doc.ok || bad.length) {
    rec.end(steps.doctor, 'failed', doc.ok ? bad.map((f) => f.message ?? f.checkId).join('; ') : doc.message);
    return rollback('Post-upgrade doctor found problems.');
  }
  rec.end(steps.doctor, 'ok', `${doc.value.findings.length} finding(s), none blocking.`);
  const h = parseCliJson(await cli(steps.health, ['health', '--json', '--timeout', '15000']), healthSchema);
  if (!h.ok || h.value.ok !== true) {
    rec.end(steps.health, 'failed', h.ok ? 'health reported not ok' : h.message);
    return rollback('The gateway is not healthy on the new version.');
  }
  rec.end(steps.health, 'ok', 'Healthy.');
  const cliVer = parseVersionLine((await cli(steps.version, ['--version'], 15_000)).stdout)?.version ?? null;
  const probe = await deps.probe();
  if (cliVer !== opts.target || probe.version !== opts.target) {
    rec.end(steps.version, 'failed', `CLI reports ${cliVer ?? 'nothing'}, the running gateway ${probe.version ?? 'nothing'}; both must be ${opts.target}.`);
    return rollback('Mixed versions after the update.');
  }
  rec.end(steps.version, 'ok', `CLI and gateway both report ${opts.target}.`);
  return rec.finish('succeeded', `OpenClaw ${opts.target} is installed and the gateway is running it. To go back: roll back (restores the backup ${rec.run.backupPath ?? ''}).`, true);

  async function rollback(why: string): Promise<UpgradeRun> {
    if (!opts.from || !rec.run.backupPath) return finish('failed', `${why} No previous version or backup is known, so there is nothing to roll back to.`, true);
    const r = await rollbackSteps(deps, rec, { to: opts.from, archive: rec.run.backupPath });
    return r.ok ? finish('rolled-back', `${why} Rolled back to ${opts.from}: ${r.detail}`, true) : finish('failed', `${why} Rolling back to ${opts.from} failed: ${r.detail}`, true);
  }
}
