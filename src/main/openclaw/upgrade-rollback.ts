import fs from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { extractJson } from './cli-json';
import { parseVersionLine } from './cli-schemas';
import type { UpgradeDeps } from './upgrade-wizard';
import { UpgradeRecorder } from './upgrade-recorder';

/** The archive's manifest (and `backup create/restore --json`): which live path each payload came from. */
const assetsSchema = z.looseObject({
  assets: z.array(z.looseObject({ kind: z.string(), sourcePath: z.string(), archivePath: z.string() })),
});
type Asset = z.infer<typeof assetsSchema>['assets'][number];

/** Finds the assets in the restore's JSON or in the extracted manifest.json. */
function restoredAssets(stdout: string, target: string): Asset[] | null {
  const fromCli = assetsSchema.safeParse(extractJson(stdout));
  if (fromCli.success && fromCli.data.assets.length) return fromCli.data.assets;
  for (const root of fs.existsSync(target) ? fs.readdirSync(target) : []) {
    const file = path.join(target, root, 'manifest.json');
    if (!fs.existsSync(file)) continue;
    const m = assetsSchema.safeParse(JSON.parse(fs.readFileSync(file, 'utf8')));
    if (m.success) return m.data.assets;
  }
  return null;
}

function move(from: string, to: string): void {
  try {
    fs.renameSync(from, to);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'EXDEV') throw err;
    fs.cpSync(from, to, { recursive: true, preserveTimestamps: true, verbatimSymlinks: true });
    fs.rmSync(from, { recursive: true, force: true });
  }
}

/**
 * Puts each restored payload where it came from; what is there now is kept beside it
 * (`<path>.before-rollback-<time>`), never deleted. OpenClaw restores only into a fresh directory.
 */
export function activateRestore(assets: Asset[], target: string, stamp: string): string[] {
  const done: string[] = [];
  for (const a of assets) {
    const restored = path.join(target, a.archivePath);
    if (!fs.existsSync(restored)) throw new Error(`the restored archive has no ${a.archivePath}`);
    if (fs.existsSync(a.sourcePath)) move(a.sourcePath, `${a.sourcePath}.before-rollback-${stamp}`);
    fs.mkdirSync(path.dirname(a.sourcePath), { recursive: true });
    move(restored, a.sourcePath);
    done.push(a.sourcePath);
  }
  return done;
}

type RollbackDeps = Pick<UpgradeDeps, 'cli' | 'dataDir' | 'gateway' | 'installer' | 'probe'>;

/**
 * Going back after OpenClaw migrated its state (its own `update --tag <older>` refuses then): stop the
 * gateway, restore the backup taken before the upgrade, reinstall the old version, start the gateway. The
 * restore runs on the newer CLI, before the reinstall: the older one refuses every command over migrated state
 * (measured: 2026.9.5 over 2026.9.6's schema 18).
 */
export async function rollbackSteps(deps: RollbackDeps, rec: UpgradeRecorder, opts: { to: string; archive: string }): Promise<{ ok: boolean; detail: string }> {
  const stop = rec.add('rollback-stop', 'Stop the gateway', 'rollback');
  rec.start(stop);
  const s = await deps.gateway.stop();
  rec.end(stop, s.ok ? 'ok' : 'failed', s.detail);
  if (!s.ok) return { ok: false, detail: s.detail };

  const restore = rec.add('rollback-restore', 'Restore the backup taken before the upgrade', 'rollback');
  const stamp = new Date().toISOString().replace(/[:.]/g, '-');
  const target = path.join(deps.dataDir, `openclaw-restore-${stamp}`);
  const args = ['backup', 'restore', opts.archive, '--target', target, '--json'];
  rec.start(restore, ['openclaw', ...args].join(' '));
  const rr = await deps.cli.run(args, { timeoutMs: 10 * 60_000, cwd: deps.dataDir, onOutput: (c) => rec.append(restore, c) });
  rec.output(restore, rr);
  const assets = rr.code === 0 ? restoredAssets(rr.stdout, target) : null;
  if (!assets) {
    const why = rr.code !== 0 ? `openclaw backup restore exited ${rr.code}: ${(rr.stderr || rr.stdout).trim().slice(-300)}` : 'the restored archive lists no assets';
    rec.end(restore, 'failed', why);
    return { ok: false, detail: `the backup could not be restored (${why}); nothing was reinstalled, the installed version is unchanged.` };
  }
  let placed: string[];
  try {
    placed = activateRestore(assets, target, stamp);
  } catch (err) {
    rec.end(restore, 'failed', String(err));
    return { ok: false, detail: `the backup could not be put in place: ${String(err)}` };
  }
  fs.rmSync(target, { recursive: true, force: true });
  rec.end(restore, 'ok', `Restored ${placed.join(', ')} from ${opts.archive} (what was there is kept as *.before-rollback-${stamp}).`);

  const install = rec.add('rollback-install', `Reinstall openclaw@${opts.to}`, 'rollback');
  rec.start(install, `npm install -g --prefix ${deps.installer.prefix ?? '?'} openclaw@${opts.to}`);
  const ir = await deps.installer.install(opts.to, { onOutput: (c) => rec.append(install, c) });
  rec.output(install, ir);
  const now = parseVersionLine((await deps.cli.run(['--version'], { timeoutMs: 30_000 })).stdout)?.version ?? null;
  if (ir.code !== 0 || now !== opts.to) {
    const why = ir.error ?? (ir.code !== 0 ? `npm exited ${ir.code}: ${(ir.stderr || ir.stdout).trim().slice(-300)}` : `openclaw --version says ${now ?? 'nothing'}`);
    rec.end(install, 'failed', why);
    return { ok: false, detail: `the backup is restored, but reinstalling ${opts.to} failed (${why}): the installed version may not read the restored state until ${opts.to} is installed.` };
  }
  rec.end(install, 'ok', `openclaw --version: ${now}.`);

  const start = rec.add('rollback-start', 'Start the gateway', 'rollback');
  rec.start(start);
  const st = await deps.gateway.start();
  const version = st.probe.live ? st.probe.version : null;
  const ok = st.probe.live && (version === null || version === opts.to);
  rec.end(start, ok ? 'ok' : 'failed', ok ? `${st.detail} It runs ${version ?? opts.to}.` : st.probe.live ? `The gateway runs ${version}, not ${opts.to}.` : st.detail);
  return ok ? { ok: true, detail: `the backup is restored and the gateway runs ${opts.to}.` } : { ok: false, detail: st.detail };
}

/** A rollback on its own (the person asks to go back after an upgrade succeeded): one run of its own. */
export async function runRollback(deps: RollbackDeps & { onChange: UpgradeDeps['onChange'] }, opts: { id: string; of: { id: string; fromVersion: string | null; targetVersion: string; backupPath: string | null } }) {
  const to = opts.of.fromVersion;
  const rec = new UpgradeRecorder({ id: opts.id, fromVersion: opts.of.targetVersion, targetVersion: to ?? '?', dryRun: false }, deps.onChange);
  rec.run.rollbackOf = opts.of.id;
  rec.run.backupPath = opts.of.backupPath;
  if (!to || !opts.of.backupPath) return rec.finish('failed', 'That upgrade has no previous version or no backup, so there is nothing to roll back to.', (await deps.probe()).live);
  const r = await rollbackSteps(deps, rec, { to, archive: opts.of.backupPath });
  const p = await deps.probe();
  return rec.finish(r.ok ? 'rolled-back' : 'failed', r.ok ? `Rolled back to ${to}: ${r.detail}` : `Rolling back to ${to} failed: ${r.detail}${p.live ? '' : ` The gateway is NOT running: ${p.message}`}`, p.live);
}
