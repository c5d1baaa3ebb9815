import { describe, expect, it } from 'vitest';
import { hostAllowed, isLoopbackHostname, loopbackRefusal, originAllowed, originMatches, parseOriginList } from './loopback-guard';

describe('loopback guard', () => {
  it('accepts only names that can mean this machine', () => {
    for (const h of ['127.0.0.1', '127.1.2.3', 'localhost', 'LOCALHOST', 'app.localhost', '[::1]', '::1', 'localhost.']) expect(isLoopbackHostname(h), h).toBe(true);
    for (const h of ['evil.example', '127.0.0.1.evil.example', 'localhost.evil.example', '10.0.0.2', '0.0.0.0', '[::]', '::ffff:10.0.0.1', '']) expect(isLoopbackHostname(h), h).toBe(false);
  });

  it('parses Host headers with ports and refuses malformed or missing ones', () => {
    expect(hostAllowed('127.0.0.1:7300')).toBe(true);
    expect(hostAllowed('[::1]:7300')).toBe(true);
    expect(hostAllowed('localhost')).toBe(true);
    expect(hostAllowed('evil.example:7300')).toBe(false);
    expect(hostAllowed('user@127.0.0.1')).toBe(false);
    expect(hostAllowed('127.0.0.1/x')).toBe(false);
    expect(hostAllowed(undefined)).toBe(false);
    expect(hostAllowed('')).toBe(false);
    expect(hostAllowed('192.168.1.5:8203', ['192.168.1.5'])).toBe(true);
  });

  it('allows no Origin, the own origins, and loopback pages only when asked', () => {
    const own = ['http://127.0.0.1:7300'];
    expect(originAllowed(undefined, own)).toBe(true);
    expect(originAllowed('http://127.0.0.1:7300', own)).toBe(true);
    expect(originAllowed('http://127.0.0.1:5173', own)).toBe(false);
    expect(originAllowed('http://127.0.0.1:5173', own, true)).toBe(true);
    expect(originAllowed('http://[::1]:5173', [], true)).toBe(true);
    expect(originAllowed('https://evil.example', own, true)).toBe(false);
    expect(originAllowed('null', own, true)).toBe(false);
    expect(originAllowed('file://', own, true)).toBe(false);
    expect(originAllowed('http://localhost.evil.example', own, true)).toBe(false);
  });

  it('names the reason, Host first', () => {
    expect(loopbackRefusal({ host: 'evil.example', origin: 'http://evil.example' }, { ownOrigins: [] })).toMatch(/Host/);
    expect(loopbackRefusal({ host: '127.0.0.1', origin: 'http://evil.example' }, { ownOrigins: [] })).toMatch(/Origin/);
    expect(loopbackRefusal({ host: 'evil.example' }, { ownOrigins: [], checkHost: false })).toBeNull();
    expect(loopbackRefusal({ host: '127.0.0.1:1' }, { ownOrigins: [] })).toBeNull();
  });

  it('matches allow-list entries as Ollama matches OLLAMA_ORIGINS: exact, or one * wildcard', () => {
    expect(originMatches('https://app.example.com', 'https://app.example.com')).toBe(true);
    expect(originMatches('https://app.example.com', 'https://APP.example.com')).toBe(true);
    expect(originMatches('https://app.example.com', 'https://app.example.com.evil')).toBe(false);
    expect(originMatches('https://*.example.com', 'https://a.b.example.com')).toBe(true);
    expect(originMatches('https://*.example.com', 'https://example.com.evil')).toBe(false);
    expect(originMatches('http://localhost:*', 'http://localhost:3000')).toBe(true);
    expect(originMatches('app://*', 'app://clawgrid')).toBe(true);
    expect(originMatches('*', 'https://anything.example')).toBe(true);
    expect(originMatches('https://*.*.example', 'https://a.b.example')).toBe(false);
    expect(originMatches('', 'https://a.example')).toBe(false);
    expect(parseOriginList(' https://a.example, ,https://*.b.example ')).toEqual(['https://a.example', 'https://*.b.example']);
  });

  it('an allow-listed origin passes, others stay refused', () => {
    const allowed = ['https://app.example.com'];
    expect(loopbackRefusal({ host: '127.0.0.1:11500', origin: 'https://app.example.com' }, { ownOrigins: [], anyLoopbackOrigin: true, allowedOrigins: allowed })).toBeNull();
    expect(loopbackRefusal({ host: '127.0.0.1:11500', origin: 'https://evil.example' }, { ownOrigins: [], anyLoopbackOrigin: true, allowedOrigins: allowed })).toMatch(/Origin/);
    // The allow-list is about pages, never about a rebinding Host.
    expect(loopbackRefusal({ host: 'app.example.com', origin: 'https://app.example.com' }, { ownOrigins: [], allowedOrigins: allowed })).toMatch(/Host/);
    expect(originAllowed('https://app.example.com', [], false, allowed)).toBe(true);
  });
});
