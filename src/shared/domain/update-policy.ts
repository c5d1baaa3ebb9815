/**
 * Update decisions, pure so they are tested without Electron: which electron-updater channel a setting means,
 * whether an update's metadata is verifiable (every file carries a sha512, which electron-updater checks the
 * download against), whether it may be installed now (never while a payment is pending), and release notes as
 * plain text (never HTML into the UI).
 */
export type UpdateChannel = 'stable' | 'beta';

/** electron-updater settings for a channel: beta reads beta.yml and accepts pre-releases; no silent downgrades. */
export function updaterChannel(channel: UpdateChannel): { channel: string; allowPrerelease: boolean; allowDowngrade: false } {
  return channel === 'beta' ? { channel: 'beta', allowPrerelease: true, allowDowngrade: false } : { channel: 'latest', allowPrerelease: false, allowDowngrade: false };
}

/** The part of electron-updater's UpdateInfo (latest.yml) the checks read. */
export interface UpdateMetadata {
  version: string;
  files: readonly { url: string; sha512?: string | null }[];
}

export type MetadataCheck = { ok: true } | { ok: false; code: 'NO_FILES' | 'NO_SHA512' | 'BAD_VERSION' | 'PRERELEASE_ON_STABLE'; message: string };

// A sha512 digest is 64 bytes: 88 characters of standard base64, the last two `==`.
const SHA512_BASE64 = /^[A-Za-z0-9+/]{86}==$/;
const SEMVER = /^\d+\.\d+\.\d+(?:-([0-9A-Za-z.-]+))?(?:\+[0-9A-Za-z.-]+)?$/;

/** Refuses an update that electron-updater could not verify, or a pre-release offered to the stable channel. */
export function checkUpdateMetadata(info: UpdateMetadata, channel: UpdateChannel): MetadataCheck {
  const semver = SEMVER.exec(info.version);
  if (!semver) return { ok: false, code: 'BAD_VERSION', message: `The update's version "${info.version}" is not a version number` };
  if (channel === 'stable' && semver[1]) return { ok: false, code: 'PRERELEASE_ON_STABLE', message: `${info.version} is a pre-release; the stable channel does not install it` };
  if (info.files.length === 0) return { ok: false, code: 'NO_FILES', message: `The update ${info.version} lists no files` };
  const unverifiable = info.files.filter((f) => !SHA512_BASE64.test(f.sha512 ?? ''));
  if (unverifiable.length) {
    return { ok: false, code: 'NO_SHA512', message: `The update ${info.version} is refused: ${unverifiable.map((f) => f.url).join(', ')} has no valid sha512, so the download could not be verified` };
  }
  return { ok: true };
}

/** What is waiting on money right now: approvals the person has not answered, reservations held for running jobs. */
export interface PendingPayments {
  approvals: number;
  reservations: number;
}

export type InstallDecision = { install: true } | { install: false; message: string };

const plural = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`;

/** Installing restarts ClawGrid, which would deny waiting approvals and cut running paid jobs: wait for none. */
export function installDecision(p: PendingPayments): InstallDecision {
  if (p.approvals <= 0 && p.reservations <= 0) return { install: true };
  const parts = [
    p.approvals > 0 ? `${plural(p.approvals, 'payment is', 'payments are')} waiting for your approval` : null,
    p.reservations > 0 ? `${plural(p.reservations, 'paid job is', 'paid jobs are')} running` : null,
  ].filter(Boolean);
  return { install: false, message: `Not now: ${parts.join(' and ')}. The update installs when no payment is pending.` };
}

const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', '#39': "'", apos: "'", nbsp: ' ' };

/** Release notes (a string, often HTML from GitHub, or electron-updater's per-version list) as plain text. */
export function releaseNotesText(notes: string | readonly { version: string; note: string | null }[] | null | undefined): string | null {
  if (notes == null) return null;
  const text = typeof notes === 'string' ? htmlToText(notes) : notes.map((n) => `${n.version}\n${htmlToText(n.note ?? '')}`.trim()).join('\n\n');
  return text.trim() === '' ? null : text.trim();
}

function htmlToText(html: string): string {
  return html
    .replace(/<(script|style)[^>]*>[\s\S]*?<\/\1>/gi, '')
    .replace(/<br\s*\/?>/gi, '\n')
    .replace(/<\/(p|div|h[1-6]|ul|ol)>/gi, '\n')
    .replace(/<li[^>]*>/gi, '• ')
    .replace(/<\/li>/gi, '\n')
    .replace(/<[^>]*>/g, '')
    .replace(/&(amp|lt|gt|quot|#39|apos|nbsp);/g, (_, e: string) => ENTITIES[e] ?? '')
    .replace(/[ \t]+\n/g, '\n')
    .replace(/\n{3,}/g, '\n\n');
}
