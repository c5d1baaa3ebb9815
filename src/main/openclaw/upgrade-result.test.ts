import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { extractJson } from './cli-json';
import { backupSchema, updateResultSchema } from './cli-schemas';
import { updateVerdict } from './upgrade-result';

// update-dry-ok-global.json, update-apply-global.json (npm run test:slow, CLAWGRID_SLOW_RECORD), update-dry.json, backup-verify.json, backup-restore.json: recorded from the real
// openclaw (2026.9.5 in an npm global prefix; 2026.9.6 in a project-local install for the refusal).
// update-recovery-pending.synth.json is written from OpenClaw's docs (no release here can produce it).
const parse = (name: string) => updateResultSchema.parse(extractJson(fs.readFileSync(path.join(__dirname, 'fixtures', name), 'utf8')));

describe('reading openclaw update --json', () => {
  it('a real successful dry run has no top-level status: run.status skipped because it was a dry run', () => {
    const r = parse('update-dry-ok-global.json');
    expect(r.status).toBeUndefined();
    expect(updateVerdict(r, { dryRun: true, exitCode: 0 })).toMatchObject({ ok: true, status: 'skipped', reason: 'dry-run' });
    // The same answer to a real apply would be no update at all.
    expect(updateVerdict(r, { dryRun: false, exitCode: 0 }).ok).toBe(false);
  });

  it('container-image-install: OpenClaw refuses to update an install it cannot attribute', () => {
    const v = updateVerdict(parse('update-dry.json'), { dryRun: true, exitCode: 0 });
    expect(v).toMatchObject({ ok: false, refusal: 'container-image-install' });
    expect(v.message).toContain('will not update this install itself');
    expect(v.message).toContain('Installation ownership could not be determined');
  });

  it('update-recovery-pending: says what to run before trying again', () => {
    const v = updateVerdict(parse('update-recovery-pending.synth.json'), { dryRun: true, exitCode: 0 });
    expect(v).toMatchObject({ ok: false, refusal: 'update-recovery-pending' });
    expect(v.message).toContain('openclaw update status --json');
  });

  it('the real apply (2026.9.5 → 2026.9.6, npm global prefix): status ok, run.status succeeded', () => {
    const r = parse('update-apply-global.json');
    expect(updateVerdict(r, { dryRun: false, exitCode: 0 })).toMatchObject({ ok: true, status: 'succeeded' });
    expect(r.run?.after?.version).toBe('2026.9.6');
    expect(updateVerdict(r, { dryRun: true, exitCode: 0 }).ok).toBe(false);
  });

  it('an apply counts only when its status is done and it exited 0', () => {
    const done = updateResultSchema.parse({ run: { status: 'completed', reason: null, after: { version: '2026.9.6' } } });
    expect(updateVerdict(done, { dryRun: false, exitCode: 0 }).ok).toBe(true);
    expect(updateVerdict(done, { dryRun: false, exitCode: 1 })).toMatchObject({ ok: false, message: 'completed, exit 1' });
    expect(updateResultSchema.safeParse({ mode: 'npm' }).success).toBe(false);
  });

  it('reads the real verified backup (written into the cwd) and its assets', () => {
    const b = backupSchema.parse(JSON.parse(fs.readFileSync(path.join(__dirname, 'fixtures', 'backup-verify.json'), 'utf8')));
    expect(b.verified).toBe(true);
    expect(b.archivePath.endsWith('-openclaw-backup.tar.gz')).toBe(true);
  });
});
