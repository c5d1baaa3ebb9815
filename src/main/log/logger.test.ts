import { describe, expect, it } from 'vitest';
import { createLogger, isSecretKey, redact } from './logger';

/** What one log call writes, parsed back. */
function logged(fields: Record<string, unknown>): Record<string, unknown> {
  const lines: string[] = [];
  createLogger({ level: 'debug', write: (l) => lines.push(l) }).info('test.event', fields);
  expect(lines).toHaveLength(1);
  return JSON.parse(lines[0]!) as Record<string, unknown>;
}

const SECRET = 'S3CRET-value-1234';

describe('log redaction', () => {
  const secretNames = [
    'key', 'Key', 'KEY', 'keys', 'apiKey', 'api_key', 'x-api-key', 'privateKey', 'private_key', 'minerKey', 'wallet_key', 'key-pem', 'keyPem',
    'seed', 'seedHex', 'signingSeedHex', 'SEED',
    'cookie', 'Cookie', 'set-cookie', 'Set-Cookie', 'cookies',
    'signature', 'Signature', 'receiptSignature', 'signature_hex',
    'token', 'accessToken', 'password', 'passwd', 'passphrase', 'secret', 'clientSecret', 'authorization', 'Authorization', 'mnemonic', 'jwt', 'credentials',
  ];

  it.each(secretNames)('"%s" is written as [redacted]', (name) => {
    const line = logged({ [name]: SECRET, nested: { deeper: { [name]: SECRET } }, list: [{ [name]: SECRET }] });
    const text = JSON.stringify(line);
    expect(text).not.toContain(SECRET);
    expect(line[name]).toBe('[redacted]');
    expect(line.nested).toEqual({ deeper: { [name]: '[redacted]' } });
    expect(line.list).toEqual([{ [name]: '[redacted]' }]);
  });

  it.each(['keyId', 'keyPrefix', 'model', 'monkey', 'hockey', 'jobId', 'agentId', 'url', 'message', 'status'])('"%s" is not a secret and is written as is', (name) => {
    expect(isSecretKey(name)).toBe(false);
    expect(logged({ [name]: 'visible' })[name]).toBe('visible');
  });

  it('redacts a whole object or array held under a secret name', () => {
    const line = logged({ headers: { 'set-cookie': ['a=1', 'b=2'], cookie: 'c=3', 'content-type': 'application/json' }, keys: [{ prefix: 'cg_1' }] });
    expect(line.headers).toEqual({ 'set-cookie': '[redacted]', cookie: '[redacted]', 'content-type': 'application/json' });
    expect(line.keys).toBe('[redacted]');
  });

  it('drops what is nested deeper than it looks instead of writing it unredacted', () => {
    let deep: Record<string, unknown> = { privateKey: SECRET };
    for (let i = 0; i < 12; i++) deep = { level: deep };
    expect(JSON.stringify(redact(deep))).not.toContain(SECRET);
    expect(JSON.stringify(logged({ deep }))).not.toContain(SECRET);
  });
});
