/**
 * The renderer's Content-Security-Policy: one definition for the headless host's header, Electron's
 * session header and (kept in sync by a test) the meta tag in src/renderer/index.html.
 */
export const CSP =
  "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; " +
  "connect-src 'self' ws://127.0.0.1:* ws://localhost:*; object-src 'none'; base-uri 'none'; " +
  "frame-ancestors 'none'; form-action 'none'";
