import type { UpdateResult } from './cli-schemas';

/** OpenClaw's own refusals the wizard explains instead of calling them a failure of ClawGrid's. */
export type UpdateRefusal = 'container-image-install' | 'update-recovery-pending' | 'state-migrated-no-rollback';

export interface UpdateVerdict {
  ok: boolean;
  /** `run.status` (2026.9.x) or the top-level `status`. */
  status: string;
  reason: string | null;
  refusal: UpdateRefusal | null;
  /** Why it failed, in the person's words (empty when ok). */
  message: string;
}

const DONE = new Set(['ok', 'completed', 'succeeded', 'success', 'updated']);

function facts(r: UpdateResult): string[] {
  const all = [...r.steps.flatMap((s) => s.failureFacts ?? []), ...(r.run?.steps ?? []).flatMap((s) => s.failureFacts ?? [])];
  return [...new Set(all.map((f) => f.message).filter((m): m is string => Boolean(m)))];
}

/** What a refusal means and what the person can do about it. */
export function refusalMessage(refusal: UpdateRefusal, r: UpdateResult): string {
  const next = r.run?.origin?.nextAction?.split('\n')[0];
  switch (refusal) {
    case 'container-image-install':
      return `OpenClaw will not update this install itself (container-image-install): it could not tell which package manager owns it${facts(r)[0] ? ` — ${facts(r)[0]}` : ''}. Reinstall it with \`npm install -g openclaw@<version>\` the way it was installed (or rebuild the container image).`;
    case 'update-recovery-pending':
      return `An earlier OpenClaw update left a recovery pending (update-recovery-pending); OpenClaw refuses a new update until it is settled. Run ${next ?? '`openclaw update status --json`'} and finish or clear it, then try again.`;
    case 'state-migrated-no-rollback':
      return 'OpenClaw migrated its state and then failed (state-migrated-no-rollback); it cannot roll itself back.';
  }
}

/**
 * Reads OpenClaw's update JSON. A dry run succeeded when OpenClaw skipped it *because* it was a dry run
 * (`run.status: "skipped"`, `run.reason: "dry-run"`); an apply when its status is done and it exited 0.
 */
export function updateVerdict(r: UpdateResult, opts: { dryRun: boolean; exitCode: number | null }): UpdateVerdict {
  const status = r.run?.status ?? r.status ?? 'unknown';
  const reason = r.run?.reason ?? r.reason ?? null;
  const text = `${reason ?? ''} ${r.reason ?? ''} ${facts(r).join(' ')}`;
  const refusal: UpdateRefusal | null = /update-recovery-pending/.test(text)
    ? 'update-recovery-pending'
    : /container-image-install/.test(text)
      ? 'container-image-install'
      : /state-migrated-no-rollback/.test(text)
        ? 'state-migrated-no-rollback'
        : null;
  const ok = opts.dryRun
    ? (status === 'skipped' && reason === 'dry-run') || status === 'dry-run' || (DONE.has(status) && r.dryRun === true)
    : DONE.has(status) && (opts.exitCode === 0 || opts.exitCode === null);
  if (ok && !refusal) return { ok: true, status, reason, refusal: null, message: '' };
  if (refusal) return { ok: false, status, reason, refusal, message: refusalMessage(refusal, r) };
  const first = facts(r)[0];
  const exit = opts.exitCode ? `, exit ${opts.exitCode}` : '';
  return { ok: false, status, reason, refusal: null, message: `${status}${reason ? ` (${reason})` : ''}${exit}${first ? `: ${first}` : ''}` };
}
