import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { announceLine, writeHostUrlFile } from './url-file';

const url = 'http://127.0.0.1:7300/#token=abcDEF_123-x';

describe('host URL file', () => {
  it('holds the URL with its token, readable by this account only, replaced whole on each start', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cg-url-'));
    const file = writeHostUrlFile(dir, 'http://127.0.0.1:1/#token=old');
    writeHostUrlFile(dir, url);
    expect(fs.readFileSync(file, 'utf8')).toBe(`${url}\n`);
    if (process.platform !== 'win32') expect(fs.statSync(file).mode & 0o777).toBe(0o600);
    expect(fs.readdirSync(dir)).toEqual(['host-url']); // no temp file left behind
  });

  it('a terminal gets the token; a service (the journal) gets only where to find it', () => {
    expect(announceLine(url, { service: false, file: '/d/host-url' })).toBe(`ClawGrid running at ${url}\n`);
    const line = announceLine(url, { service: true, file: '/d/host-url' });
    expect(line).not.toContain('abcDEF_123-x');
    expect(line).toContain('http://127.0.0.1:7300/');
    expect(line).toContain('/d/host-url');
  });
});
