import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { CSP } from '../../shared/domain/csp';

// The renderer's meta-tag CSP and the header both hosts send must say the same thing. The meta tag
// omits frame-ancestors only because browsers ignore that directive in <meta>.
const directives = (policy: string) =>
  new Map(policy.split(';').map((d) => d.trim()).filter(Boolean).map((d) => [d.split(/\s+/)[0]!, d] as const));

describe('content security policy', () => {
  it('meta tag in index.html matches the header policy', () => {
    const html = fs.readFileSync(path.resolve(import.meta.dirname, '../../renderer/index.html'), 'utf8');
    const meta = /http-equiv="Content-Security-Policy"\s+content="([^"]+)"/.exec(html)?.[1];
    expect(meta).toBeDefined();
    const header = directives(CSP);
    header.delete('frame-ancestors');
    expect(directives(meta!)).toEqual(header);
  });

  it('forbids inline and remote scripts, objects and framing', () => {
    const d = directives(CSP);
    expect(d.get('script-src')).toBe("script-src 'self'");
    expect(d.get('object-src')).toBe("object-src 'none'");
    expect(d.get('frame-ancestors')).toBe("frame-ancestors 'none'");
  });
});
