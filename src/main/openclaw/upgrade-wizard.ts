import fs from 'node:fs';
import type { UpgradeRun } from '../../shared/contract/openclaw';
import { parseCliJson } from './cli-json';
import type { CliResult, OpenClawCli } from './cli-runner';
import { backupSchema, doctorPostUpgradeSchema, gatewayStatusSchema, healthSchema, parseVersionLine, updateResultSchema, type UpdateResult } from './cli-schemas';
import { MIN_NODE, nodeSatisfies } from './detect';
import type { GatewayProbe } from '../../shared/contract/openclaw';
import { UpgradeRecorder } from './upgrade-recorder';

export interface UpgradeDeps {
  cli: OpenClawCli;
  nodeVersion: string | null;
  stateDir: string;
  probe: () => Promise<GatewayProbe>;
  onChange: (run: UpgradeRun) => void;
  /** Free-bytes check; injectable so tests need no full disk. */
  freeBytes?: (dir: string) => number | null;
  /** How long to wait for the gateway after a start/restart. */
  gatewayWaitMs?: number;
  sleep?: (ms: number) => Promise<void>;
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

/** Why an `openclaw update --json` result is a failure, in the person's words, or null when it succeeded. */
export function updateFailure(r: UpdateResult, code: number | null): string | null {
  if (r.status === 'ok' || r.status === 'completed' || r.status === 'updated') return code === 0 || code === null ? null : `exit ${code}`;
  const facts = r.steps.flatMap((s) => s.failureFacts ?? []).map((f) => f.message).filter(Boolean);
  return `${r.status}${r.reason ? ` (${r.reason})` : ''}${facts[0] ? `: ${facts[0]}` : ''}`;
}

/**
 * The upgrade wizard: preflight → apply → verify, and on failure rollback to the previous version; it
 * always ends with the gateway running or with the exact reason it is not. `dryRun` changes nothing.
 */
export async function runUpgrade(deps: UpgradeDeps, opts: { id: string; from: string | null; target: string; dryRun: boolean }): Promise<UpgradeRun> {
  const rec = new UpgradeRecorder({ id: opts.id, fromVersion: opts.from, targetVersion: opts.target, dryRun: opts.dryRun }, deps.onChange);
  const sleep = deps.sleep ?? ((ms: number) => new Promise((r) => setTimeout(r, ms)));
  const steps = {
    node: rec.add('node', `Node ≥ ${MIN_NODE}`, 'preflight'),
    disk: rec.add('disk', 'Free disk space', 'preflight'),
    backup: rec.add('backup', 'openclaw backup', 'preflight'),
    dry: rec.add('update-dry-run', `Update to ${opts.target} (dry run)`, 'preflight'),
    apply: rec.add('apply', `Update to ${opts.target}`, 'apply'),
    doctor: rec.add('doctor', 'Post-upgrade doctor', 'verify'),
    health: rec.add('health', 'Gateway health', 'verify'),
    version: rec.add('version', 'CLI and gateway report the new version', 'verify'),
    service: rec.add('service', 'Service file points at the new binary', 'verify'),
  };
  const cli = async (step: (typeof steps)[keyof typeof steps], args: string[], timeoutMs = 120_000): Promise<CliResult> => {
    rec.start(step, ['openclaw', ...args].join(' '));
    const r = await deps.cli.run(args, { timeoutMs, onOutput: (c) => rec.append(step, c) });
    rec.output(step, r);
    return r;
  };
  const gatewayWasLive = (await deps.probe()).live;

  /** Makes sure the gateway runs; returns the final probe. */
  const ensureGateway = async (why: string): Promise<GatewayProbe> => {
    let p = await deps.probe();
    if (p.live) return p;
    const step = rec.add(`restore-${rec.run.steps.length}`, `Start the gateway (${why})`, 'restore');
    const r = await cli(step, ['gateway', 'start'], 120_000);
    const deadline = Date.now() + (deps.gatewayWaitMs ?? 60_000);
    while (!(p = await deps.probe()).live && Date.now() < deadline) await sleep(1000);
    rec.end(step, p.live ? 'ok' : 'failed', p.live ? `Gateway live again (${p.version ?? 'version unknown'}).` : `Still down: ${p.message}${r.code !== 0 ? ` — openclaw gateway start said: ${(r.stderr || r.stdout).trim().slice(-300)}` : ''}`);
    return p;
  };

  const finishFailed = async (state: 'failed' | 'rolled-back', what: string): Promise<UpgradeRun> => {
    const p = gatewayWasLive || !opts.dryRun ? await ensureGateway('after a failed upgrade') : await deps.probe();
    const gw = p.live ? `The gateway is running (${p.version ?? 'version unknown'}).` : `The gateway is NOT running: ${p.message} Start it with: openclaw gateway start`;
    return rec.finish(state, `${what} ${gw}`, p.live);
  };

  // Preflight: nothing changes yet.
  if (!deps.nodeVersion || !nodeSatisfies(deps.nodeVersion)) {
    rec.end(steps.node, 'failed', `Node ${deps.nodeVersion ?? 'not found'}; OpenClaw ${opts.target} needs ≥ ${MIN_NODE}.`);
    return finishFailed('failed', 'Preflight failed: Node is too old. Nothing was changed.');
  }
  rec.end(steps.node, 'ok', `Node ${deps.nodeVersion}.`);
  const free = (deps.freeBytes ?? defaultFreeBytes)(deps.stateDir);
  if (free !== null && free < NEED_FREE_BYTES) {
    rec.end(steps.disk, 'failed', `${(free / 1024 ** 3).toFixed(1)} GiB free; an update needs about 2 GiB (staging + backup).`);
    return finishFailed('failed', 'Preflight failed: not enough disk space. Nothing was changed.');
  }
  rec.end(steps.disk, 'ok', free === null ? 'Free space could not be measured; continuing.' : `${(free / 1024 ** 3).toFixed(1)} GiB free.`);
  const b = parseCliJson(await cli(steps.backup, ['backup', 'create', ...(opts.dryRun ? ['--dry-run'] : ['--verify']), '--json'], 10 * 60_000), backupSchema);
  if (!b.ok) {
    rec.end(steps.backup, 'failed', b.message);
    return finishFailed('failed', 'Preflight failed: the backup did not complete. Nothing was changed.');
  }
  rec.end(steps.backup, 'ok', opts.dryRun ? `Would write ${b.value.archivePath}.` : `Backup written: ${b.value.archivePath}.`);
  const dry = parseCliJson(await cli(steps.dry, ['update', '--tag', opts.target, '--dry-run', '--json'], STEP_TIMEOUT), updateResultSchema);
  const dryWhy = dry.ok ? updateFailure(dry.value, 0) : dry.message;
  if (dryWhy) {
    rec.end(steps.dry, 'failed', dryWhy);
    return finishFailed('failed', `Preflight failed: OpenClaw's own dry run refused the update — ${dryWhy}. Nothing was changed.`);
  }
  rec.end(steps.dry, 'ok', 'OpenClaw validated the update plan.');

  if (opts.dryRun) {
    const would: [keyof typeof steps, string][] = [
      ['apply', `openclaw update --tag ${opts.target} --yes --json`],
      ['doctor', 'openclaw doctor --post-upgrade --json'],
      ['health', 'openclaw health --json'],
      ['version', `openclaw --version and GET /startupz must both say ${opts.target}`],
      ['service', 'openclaw gateway status --json: service command must point at the new binary'],
    ];
    for (const [k, cmd] of would) {
      steps[k].command = cmd;
      rec.end(steps[k], 'skipped', `Dry run: would run ${cmd}`);
    }
    const p = await deps.probe();
    return rec.finish('succeeded', `Dry run complete: every preflight check passed and nothing was changed. ${p.live ? 'The gateway is running.' : `The gateway is not running: ${p.message}`}`, p.live);
  }

  // Apply.
  const applied = await cli(steps.apply, ['update', '--tag', opts.target, '--yes', '--json'], STEP_TIMEOUT);
  const ap = parseCliJson(applied, updateResultSchema);
  const apWhy = ap.ok ? updateFailure(ap.value, applied.code) : ap.message;
  const migrated = ap.ok && /state-migrated-no-rollback/.test(`${ap.value.reason ?? ''} ${applied.stdout}`);
  if (apWhy) {
    rec.end(steps.apply, 'failed', apWhy);
    if (migrated) {
      return finishFailed('failed', `The update failed after OpenClaw migrated its state (state-migrated-no-rollback): rolling back is not possible, because the previous version cannot read the migrated state. Fix forward with: openclaw update repair.`);
    }
    const now = parseVersionLine((await deps.cli.run(['--version'], { timeoutMs: 15_000 })).stdout)?.version ?? null;
    if (now && now === opts.from) {
      return finishFailed('failed', `The update failed before the swap (${apWhy}); OpenClaw is still on ${opts.from}, so there is nothing to roll back.`);
    }
    return rollback(`The update failed: ${apWhy}.`);
  }
  rec.end(steps.apply, 'ok', `Updated${ap.ok && ap.value.after?.version ? ` to ${ap.value.after.version}` : ''}.`);

  // Verify.
  const doc = parseCliJson(await cli(steps.doctor, ['doctor', '--post-upgrade', '--json']), doctorPostUpgradeSchema);
  const bad = doc.ok ? doc.value.findings.filter((f) => f.severity === 'error' || f.severity === 'critical') : [];
  if (!doc.ok || bad.length) {
    rec.end(steps.doctor, 'failed', doc.ok ? bad.map((f) => f.message ?? f.checkId).join('; ') : doc.message);
    return rollback('Post-upgrade doctor found problems.');
  }
  rec.end(steps.doctor, 'ok', `${doc.value.findings.length} finding(s), none blocking.`);
  let probe = await deps.probe();
  let restarted = false;
  if (!probe.live) {
    probe = await ensureGateway('it was stopped after the update');
    restarted = probe.live;
  }
  const h = parseCliJson(await cli(steps.health, ['health', '--json', '--timeout', '15000']), healthSchema);
  if (!h.ok || h.value.ok !== true) {
    rec.end(steps.health, 'failed', h.ok ? 'health reported not ok' : h.message);
    return rollback('The gateway is not healthy on the new version.');
  }
  rec.end(steps.health, 'ok', restarted ? 'Healthy (ClawGrid restarted the gateway, which the update had left stopped).' : 'Healthy.');
  const cliVer = parseVersionLine((await cli(steps.version, ['--version'], 15_000)).stdout)?.version ?? null;
  probe = await deps.probe();
  if (cliVer !== opts.target || probe.version !== opts.target) {
    rec.end(steps.version, 'failed', `CLI reports ${cliVer ?? 'nothing'}, the running gateway ${probe.version ?? 'nothing'}; both must be ${opts.target}.`);
    return rollback('Mixed versions after the update.');
  }
  rec.end(steps.version, 'ok', `CLI and gateway both report ${opts.target}.`);
  const gs = parseCliJson(await cli(steps.service, ['gateway', 'status', '--json'], 60_000), gatewayStatusSchema);
  if (!gs.ok) rec.end(steps.service, 'failed', gs.message);
  else if (!gs.value.service?.loaded) rec.end(steps.service, 'skipped', 'No managed gateway service is installed; nothing to check.');
  else {
    const cmd = gs.value.service.command;
    const args = typeof cmd === 'string' ? cmd : (cmd?.programArguments ?? []).join(' ');
    const entry = gs.value.cli.entrypoint;
    const ok = !entry || args.includes(entry) || (gs.value.rpc?.version ?? opts.target) === opts.target;
    rec.end(steps.service, ok ? 'ok' : 'failed', ok ? `Service runs ${args || 'the current entrypoint'}.` : `Service file runs "${args}", not ${entry}. Fix: openclaw gateway install --force`);
    if (!ok) return rollback('The gateway service still points at the old binary.');
  }
  return rec.finish('succeeded', `OpenClaw ${opts.target} is installed and the gateway is running it.`, true);

  async function rollback(why: string): Promise<UpgradeRun> {
    if (!opts.from) return finishFailed('failed', `${why} No previous version is known, so there is nothing to roll back to.`);
    const step = rec.add('rollback', `Roll back to ${opts.from}`, 'rollback');
    const r = await cli(step, ['update', '--tag', opts.from, '--yes', '--json'], STEP_TIMEOUT);
    const p = parseCliJson(r, updateResultSchema);
    const w = p.ok ? updateFailure(p.value, r.code) : p.message;
    rec.end(step, w ? 'failed' : 'ok', w ?? `Back on ${opts.from}.`);
    if (w) return finishFailed('failed', `${why} Rolling back to ${opts.from} also failed: ${w}.`);
    const restart = rec.add('restart', 'Restart the gateway', 'rollback');
    const rr = await cli(restart, ['gateway', 'restart'], 120_000);
    rec.end(restart, rr.code === 0 ? 'ok' : 'failed', rr.code === 0 ? 'Restarted.' : (rr.stderr || rr.stdout).trim().slice(-300));
    return finishFailed('rolled-back', `${why} Rolled back to ${opts.from}.`);
  }
}
