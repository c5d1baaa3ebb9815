import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { isLoopbackHostname } from '../http/loopback-guard';

/**
 * Which URLs are our own renderer. Pure (no electron import) so the rules are tested on every OS's path
 * semantics: URLs are parsed and turned back into paths, never compared as strings, so a Windows install
 * (`file:///C:/Program%20Files/…`), a space or an accent in the path (percent-encoded in the URL) all work,
 * and `..`, `%2F` or a look-alike prefix (`renderer-evil/`) do not.
 */
export interface RendererTrust {
  /** Absolute directory of the built renderer (out/renderer inside the app). */
  rendererDir: string;
  /** The electron-vite dev server; only honoured when the app is not packaged (the caller decides). */
  devUrl?: string;
  /** Windows path rules (drive letters, `\`, case-insensitive); defaults to the running OS. */
  windows?: boolean;
}

const isWindows = (t: RendererTrust) => t.windows ?? process.platform === 'win32';
const pathApi = (t: RendererTrust) => (isWindows(t) ? path.win32 : path.posix);

/** The URL the window loads: the dev server, or the built index.html as a proper file: URL. */
export function rendererEntryUrl(t: RendererTrust): string {
  if (t.devUrl) return t.devUrl;
  return pathToFileURL(pathApi(t).join(t.rendererDir, 'index.html'), { windows: isWindows(t) }).href;
}

/** True when `url` is a page of our renderer: a file inside rendererDir, or (dev) the loopback dev server origin. */
export function isTrustedUrl(url: string, t: RendererTrust): boolean {
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    return false;
  }
  if (t.devUrl) {
    const dev = new URL(t.devUrl);
    return (u.protocol === 'http:' || u.protocol === 'https:') && u.origin === dev.origin && isLoopbackHostname(dev.hostname);
  }
  if (u.protocol !== 'file:') return false;
  const windows = isWindows(t);
  if (!windows && u.host !== '') return false; // file://server/… is a network share only Windows has
  let file: string;
  try {
    file = fileURLToPath(u, { windows });
  } catch {
    return false; // encoded separators (%2F, %5C) and other paths that cannot be a file
  }
  const api = pathApi(t);
  const rel = api.relative(api.resolve(t.rendererDir), api.resolve(file)); // win32: case-insensitive
  return rel !== '' && rel !== '..' && !rel.startsWith('..' + api.sep) && !api.isAbsolute(rel);
}

/** Where a link asking for a new window goes: https links to the system browser, everything else nowhere. */
export function externalTarget(url: string): string | null {
  try {
    const u = new URL(url);
    return u.protocol === 'https:' && !u.username && !u.password ? u.href : null;
  } catch {
    return null;
  }
}
