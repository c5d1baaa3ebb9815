import { describe, expect, it } from 'vitest';
import { HIDDEN_ARG, loginItem, quitWhenNoWindows, startsHidden, windowCloseAction } from './close-policy';

describe('close behaviour', () => {
  it('closing the window keeps ClawGrid serving (hidden in the tray) by default', () => {
    expect(windowCloseAction({ quitOnClose: false, quitting: false, hasTray: true })).toBe('hide');
    expect(quitWhenNoWindows({ quitOnClose: false, quitting: false })).toBe(false);
  });

  it('without a tray icon the window minimizes instead, so it can still be brought back', () => {
    expect(windowCloseAction({ quitOnClose: false, quitting: false, hasTray: false })).toBe('minimize');
  });

  it('"quit on close" closes and quits; quitting always lets windows close', () => {
    expect(windowCloseAction({ quitOnClose: true, quitting: false, hasTray: true })).toBe('close');
    expect(quitWhenNoWindows({ quitOnClose: true, quitting: false })).toBe(true);
    expect(windowCloseAction({ quitOnClose: false, quitting: true, hasTray: true })).toBe('close');
    expect(quitWhenNoWindows({ quitOnClose: false, quitting: true })).toBe(true);
  });
});

describe('launch at login', () => {
  it('macOS and Windows: a login item that starts hidden, removed when off', () => {
    for (const platform of ['darwin', 'win32'] as const) {
      expect(loginItem({ enabled: true, platform, exec: '/x', configHome: '/c' })).toEqual({ kind: 'login-item', settings: { openAtLogin: true, args: [HIDDEN_ARG] } });
      expect(loginItem({ enabled: false, platform, exec: '/x', configHome: '/c' })).toEqual({ kind: 'login-item', settings: { openAtLogin: false, args: [] } });
    }
    expect(startsHidden(['/opt/ClawGrid/clawgrid', HIDDEN_ARG])).toBe(true);
    expect(startsHidden(['/opt/ClawGrid/clawgrid'])).toBe(false);
  });

  it('Linux: an XDG autostart entry whose Exec quotes the path per the Desktop Entry spec; off removes it', () => {
    const item = loginItem({ enabled: true, platform: 'linux', exec: '/home/ana/Apps/Claw Grid "1" 100%.AppImage', configHome: '/home/ana/.config/' });
    expect(item).toMatchObject({ kind: 'autostart', file: '/home/ana/.config/autostart/clawgrid.desktop' });
    const text = item.kind === 'autostart' ? (item.text ?? '') : '';
    expect(text.split('\n')[0]).toBe('[Desktop Entry]');
    expect(text).toContain('Type=Application\n');
    // quote escape (\") then the string rule doubles the backslash (\\"); % doubled (field codes).
    expect(text).toContain('Exec="/home/ana/Apps/Claw Grid \\\\"1\\\\" 100%%.AppImage" --hidden\n');
    expect(loginItem({ enabled: false, platform: 'linux', exec: '/x', configHome: '/c' })).toEqual({ kind: 'autostart', file: '/c/autostart/clawgrid.desktop', text: null });
  });
});
