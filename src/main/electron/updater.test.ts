import { EventEmitter } from 'node:events';
import { describe, expect, it } from 'vitest';
import type { UpdateStatus } from '../../shared/contract/app';
import type { PendingPayments, UpdateChannel } from '../../shared/domain/update-policy';
import { createLogger } from '../log/logger';
import { createDesktopUpdater, type UpdaterLike } from './updater';

// electron-updater's autoUpdater replaced by a fake with its events and fields; the rules around it are real.
class FakeUpdater extends EventEmitter {
  private ch: string | null = null;
  allowPrerelease = false;
  allowDowngrade = false;
  autoDownload = false;
  autoInstallOnAppQuit = true;
  isUpdateSupported: UpdaterLike['isUpdateSupported'] = () => true;
  installs: [boolean | undefined, boolean | undefined][] = [];
  offer: { version: string; files: { url: string; sha512?: string }[]; releaseNotes?: string } | null = null;
  get channel() {
    return this.ch;
  }
  set channel(v: string | null) {
    this.ch = v;
    this.allowDowngrade = true; // as electron-updater's setter does
  }
  async checkForUpdates() {
    this.emit('checking-for-update');
    const offer = this.offer;
    if (!offer || !(await (this.isUpdateSupported as (i: typeof offer) => boolean)(offer))) return void this.emit('update-not-available', offer);
    this.emit('update-available', offer);
    this.emit('download-progress', { percent: 42 });
    this.emit('update-downloaded', offer);
  }
  quitAndInstall(a?: boolean, b?: boolean) {
    this.installs.push([a, b]);
  }
}

const sha512 = Buffer.alloc(64, 1).toString('base64');
function setup(opts: { channel?: UpdateChannel; packaged?: boolean } = {}) {
  const u = new FakeUpdater();
  const published: UpdateStatus[] = [];
  const pending: PendingPayments = { approvals: 0, reservations: 0 };
  let channel: UpdateChannel = opts.channel ?? 'stable';
  const up = createDesktopUpdater({ updater: u as unknown as UpdaterLike, currentVersion: '0.1.0', packaged: opts.packaged ?? true, channel: () => channel, pending: () => pending, publish: (s) => published.push(s), log: createLogger({ level: 'error' }) });
  return { u, up, published, pending, setChannel: (c: UpdateChannel) => void (channel = c) };
}

describe('desktop updater', () => {
  it('never installs on its own; downloads a verified update and shows its notes as text', async () => {
    const { u, up, published } = setup();
    expect(u.autoInstallOnAppQuit).toBe(false);
    expect(u.autoDownload).toBe(true);
    u.offer = { version: '0.2.0', files: [{ url: 'ClawGrid-0.2.0.AppImage', sha512 }], releaseNotes: '<p>Tray &amp; service</p>' };
    const s = await up.check();
    expect(s).toMatchObject({ state: 'ready', version: '0.2.0', releaseNotes: 'Tray & service', percent: 100, channel: 'stable' });
    expect(published.map((p) => p.state)).toEqual(['checking', 'checking', 'available', 'downloading', 'ready']);
    expect(u.installs).toEqual([]);
  });

  it('refuses an update without a sha512 (nothing downloads) and says why', async () => {
    const { u, up } = setup();
    u.offer = { version: '0.2.0', files: [{ url: 'ClawGrid-0.2.0.exe' }] };
    expect(await up.check()).toMatchObject({ state: 'error', message: expect.stringContaining('has no valid sha512') });
  });

  it("keeps electron-updater's own support check (minimum OS version) after ClawGrid's", async () => {
    const u = new FakeUpdater();
    u.isUpdateSupported = () => false; // e.g. the update needs a newer OS
    const up = createDesktopUpdater({ updater: u as unknown as UpdaterLike, currentVersion: '0.1.0', packaged: true, channel: () => 'stable', pending: () => ({ approvals: 0, reservations: 0 }), publish: () => undefined, log: createLogger({ level: 'error' }) });
    u.offer = { version: '0.2.0', files: [{ url: 'x', sha512 }] };
    expect((await up.check()).state).toBe('up_to_date');
    expect(u.installs).toEqual([]);
  });

  it('stable vs beta: the channel is set per check, pre-releases only on beta, never a downgrade', async () => {
    const { u, up, setChannel } = setup();
    u.offer = { version: '0.2.0-beta.1', files: [{ url: 'x', sha512 }] };
    expect(await up.check()).toMatchObject({ state: 'error', message: expect.stringContaining('pre-release') });
    expect([u.channel, u.allowPrerelease, u.allowDowngrade]).toEqual(['latest', false, false]);
    setChannel('beta');
    expect(await up.check()).toMatchObject({ state: 'ready', version: '0.2.0-beta.1', channel: 'beta' });
    expect([u.channel, u.allowPrerelease, u.allowDowngrade]).toEqual(['beta', true, false]);
  });

  it('defers installing while a payment is pending — on "Restart to update" and at quit — then installs', async () => {
    const { u, up, pending } = setup();
    u.offer = { version: '0.2.0', files: [{ url: 'x', sha512 }] };
    await up.check();
    pending.approvals = 1;
    expect(up.install()).toMatchObject({ state: 'deferred', message: expect.stringContaining('1 payment is waiting for your approval') });
    up.beforeQuit();
    expect(u.autoInstallOnAppQuit).toBe(false);
    expect(u.installs).toEqual([]);
    pending.approvals = 0;
    pending.reservations = 2;
    expect(up.install().state).toBe('deferred');
    pending.reservations = 0;
    up.beforeQuit();
    expect(u.autoInstallOnAppQuit).toBe(true);
    up.install();
    expect(u.installs).toEqual([[false, true]]);
  });

  it('nothing to install before a download; an unpackaged app has no feed', async () => {
    const { u, up } = setup();
    expect(up.install().message).toContain('No update is downloaded yet');
    up.beforeQuit();
    expect(u.autoInstallOnAppQuit).toBe(false);
    expect(await setup({ packaged: false }).up.check()).toMatchObject({ state: 'unsupported' });
  });
});
