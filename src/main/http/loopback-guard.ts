import net from 'node:net';

/**
 * DESIGN.md §5: every HTTP surface on 127.0.0.1 refuses a non-loopback `Host` (DNS rebinding: a page on
 * evil.example re-resolves its own name to 127.0.0.1 and becomes same-origin with us) and a foreign `Origin`
 * (a page on any other site using the local server through the person's browser). Dependency-free, so the
 * devnet (which imports nothing of ClawGrid's client) can share it: one guard for the host, its REST API, the
 * devnet and the Ollama-compatible provider.
 */

/** The hostname of a `Host` header value (`127.0.0.1:7300`, `[::1]:7300`, `localhost`); null when malformed. */
export function hostnameOf(hostHeader: string): string | null {
  try {
    const u = new URL(`http://${hostHeader}`);
    if (u.username || u.password || u.pathname !== '/' || u.search || u.hash) return null;
    return u.hostname;
  } catch {
    return null;
  }
}

/** `localhost`, `*.localhost`, 127.0.0.0/8 and ::1 (brackets allowed): names that can only mean this machine. */
export function isLoopbackHostname(hostname: string): boolean {
  const h = hostname.toLowerCase().replace(/^\[(.*)\]$/, '$1').replace(/\.$/, '');
  if (h === 'localhost' || h.endsWith('.localhost')) return true;
  if (net.isIPv4(h)) return h.startsWith('127.');
  if (net.isIPv6(h)) return h === '::1' || /^::ffff:127\./.test(h);
  return false;
}

/** True when the `Host` header names this machine (or one of `extra`, e.g. an explicit LAN bind address). */
export function hostAllowed(hostHeader: string | undefined, extra: readonly string[] = []): boolean {
  if (!hostHeader) return false;
  if (extra.length === 0) {
    // Every request on a keep-alive connection sends the same Host: its verdict is remembered (a pure function
    // of the text; `new URL` per request measured ~10 µs of the provider's CPU). Bounded: cleared when full.
    let known = loopbackHosts.get(hostHeader);
    if (known === undefined) {
      if (loopbackHosts.size >= 256) loopbackHosts.clear();
      loopbackHosts.set(hostHeader, (known = hostnameAllowed(hostHeader, extra)));
    }
    return known;
  }
  return hostnameAllowed(hostHeader, extra);
}
const loopbackHosts = new Map<string, boolean>();

function hostnameAllowed(hostHeader: string, extra: readonly string[]): boolean {
  const name = hostnameOf(hostHeader);
  if (name === null) return false;
  return isLoopbackHostname(name) || extra.some((e) => e.toLowerCase() === name.toLowerCase());
}

/**
 * One allow-list entry matched the way Ollama matches `OLLAMA_ORIGINS` (gin-contrib/cors with wildcards): an
 * exact origin, or one `*` standing for any run of characters (`https://*.example.com`, `http://localhost:*`,
 * `app://*`); a lone `*` matches every origin. Comparison is case-insensitive (origins are lower-cased by browsers).
 */
export function originMatches(pattern: string, origin: string): boolean {
  const p = pattern.trim().toLowerCase();
  const o = origin.toLowerCase();
  if (!p) return false;
  if (p === '*') return true;
  const star = p.indexOf('*');
  if (star < 0) return p === o;
  if (p.indexOf('*', star + 1) >= 0) return false; // Ollama allows one `*` only
  const prefix = p.slice(0, star);
  const suffix = p.slice(star + 1);
  return o.length >= prefix.length + suffix.length && o.startsWith(prefix) && o.endsWith(suffix);
}

/** `CLAWGRID_ORIGINS`-style text (comma list, as `OLLAMA_ORIGINS`) → the entries, blanks dropped. */
export function parseOriginList(text: string): string[] {
  return text
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
}

/**
 * True when `Origin` is absent (a script, curl, Node: not a browser page), one of `own` (exact, e.g. the
 * host's own `http://127.0.0.1:7300`), matches an `allowed` entry (the person's allow-list), or — with
 * `anyLoopback` — an http(s) page on a loopback name. `Origin: null` (file pages, sandboxed frames, some
 * redirects) is refused unless allow-listed literally.
 */
export function originAllowed(origin: string | undefined, own: readonly string[], anyLoopback = false, allowed: readonly string[] = []): boolean {
  if (origin === undefined) return true;
  if (own.includes(origin)) return true;
  if (allowed.some((p) => originMatches(p, origin))) return true;
  if (!anyLoopback) return false;
  try {
    const u = new URL(origin);
    return (u.protocol === 'http:' || u.protocol === 'https:') && u.origin === origin && isLoopbackHostname(u.hostname);
  } catch {
    return false;
  }
}

/** The single reason a request is refused (403), or null when both headers pass. */
export function loopbackRefusal(
  headers: { host?: string; origin?: string },
  opts: { ownOrigins: readonly string[]; anyLoopbackOrigin?: boolean; allowedOrigins?: readonly string[]; extraHosts?: readonly string[]; checkHost?: boolean },
): string | null {
  if (opts.checkHost !== false && !hostAllowed(headers.host, opts.extraHosts)) return 'Host is not a loopback name (DNS rebinding refused)';
  if (!originAllowed(headers.origin, opts.ownOrigins, opts.anyLoopbackOrigin, opts.allowedOrigins)) return 'Foreign Origin refused';
  return null;
}
