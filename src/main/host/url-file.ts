import fs from 'node:fs';
import path from 'node:path';

/** Where the headless host leaves its URL with the session token: readable by this account only. */
export const HOST_URL_FILE = 'host-url';

/**
 * Writes the URL (token included) to `<dataDir>/host-url` with mode 0600, atomically (a reader never sees half a
 * line, and the file is never briefly world-readable). Returns the file's path.
 */
export function writeHostUrlFile(dataDir: string, url: string): string {
  const file = path.join(dataDir, HOST_URL_FILE);
  const tmp = `${file}.${process.pid}.tmp`;
  fs.writeFileSync(tmp, `${url}\n`, { mode: 0o600 });
  if (process.platform !== 'win32') fs.chmodSync(tmp, 0o600); // the umask can only remove bits, but be explicit
  fs.renameSync(tmp, file);
  return file;
}

/**
 * The line the host prints on stdout. In a terminal (`npm start`) it is the URL with its token, to open at once.
 * Under a service manager (CLAWGRID_SERVICE=1) stdout goes to the journal, which other accounts in the `adm` or
 * `systemd-journal` group can read: there it names the file instead of printing the token.
 */
export function announceLine(url: string, opts: { service: boolean; file: string }): string {
  if (!opts.service) return `ClawGrid running at ${url}\n`;
  const bare = url.replace(/#token=.*$/, '');
  return `ClawGrid running at ${bare} (the URL with its session token is in ${opts.file}, readable by this account only)\n`;
}
