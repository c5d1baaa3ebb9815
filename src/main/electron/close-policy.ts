/**
 * Background behaviour, decided in pure functions: what closing the window does, whether the app quits when no
 * window is left, and how "launch at login" is registered on each OS.
 */

export interface CloseContext {
  /** Settings → "Quit when the window closes". */
  quitOnClose: boolean;
  /** The app is quitting (tray Quit, Cmd-Q, an update restart): let windows close. */
  quitting: boolean;
  /** A tray icon exists to bring the window back. */
  hasTray: boolean;
}

/**
 * `hide`: keep serving in the background (the provider on :11500 must not vanish under OpenClaw);
 * `minimize`: the same where no tray icon could be made (the taskbar brings it back); `close`: let it close.
 */
export function windowCloseAction(c: CloseContext): 'hide' | 'minimize' | 'close' {
  if (c.quitting || c.quitOnClose) return 'close';
  return c.hasTray ? 'hide' : 'minimize';
}

/** With no window left: quit only when the person chose quit-on-close (or when quitting already). */
export function quitWhenNoWindows(c: Pick<CloseContext, 'quitOnClose' | 'quitting'>): boolean {
  return c.quitting || c.quitOnClose;
}

/** The argument a login start carries: start in the tray, no window. */
export const HIDDEN_ARG = '--hidden';

export function startsHidden(argv: readonly string[]): boolean {
  return argv.includes(HIDDEN_ARG);
}

export type LoginItem =
  /** macOS / Windows: Electron's app.setLoginItemSettings. */
  | { kind: 'login-item'; settings: { openAtLogin: boolean; args: string[] } }
  /** Linux: an XDG autostart entry (Electron's login items are macOS/Windows only); null text = remove it. */
  | { kind: 'autostart'; file: string; text: string | null };

/**
 * How to register "launch at login". On Linux `exec` is the AppImage itself when running from one ($APPIMAGE:
 * process.execPath points into its temporary mount), otherwise the installed binary.
 */
export function loginItem(o: { enabled: boolean; platform: NodeJS.Platform; exec: string; configHome: string }): LoginItem {
  if (o.platform !== 'linux') return { kind: 'login-item', settings: { openAtLogin: o.enabled, args: o.enabled ? [HIDDEN_ARG] : [] } };
  const file = `${o.configHome.replace(/\/+$/, '')}/autostart/clawgrid.desktop`;
  if (!o.enabled) return { kind: 'autostart', file, text: null };
  // Desktop Entry Specification: an Exec= argument is quoted with "…" and `"`, `` ` ``, `$`, `\` are backslash-escaped
  // inside; then the string-value rule doubles every backslash; `%` starts a field code, so it is doubled.
  const arg = `"${o.exec.replace(/(["`$\\])/g, '\\$1')}"`.replace(/\\/g, '\\\\').replace(/%/g, '%%');
  const exec = `${arg} ${HIDDEN_ARG}`;
  const text = ['[Desktop Entry]', 'Type=Application', 'Name=ClawGrid', 'Comment=Keeps OpenClaw\'s provider running in the background', `Exec=${exec}`, 'Terminal=false', 'X-GNOME-Autostart-enabled=true', ''].join('\n');
  return { kind: 'autostart', file, text };
}
