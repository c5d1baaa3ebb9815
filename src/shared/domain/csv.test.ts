import { describe, expect, it } from 'vitest';
import { parseCsv, toCsv } from './csv';
import { parseExportBound } from './spend-export';

describe('RFC 4180 CSV', () => {
  it('quotes only fields that need it, doubles inner quotes, ends every record with CRLF', () => {
    expect(toCsv(['a', 'b,c'], [['0.00000001', 'rent, "march"'], [null, 'two\nlines'], [-1.5, 'plain']])).toBe(
      'a,"b,c"\r\n0.00000001,"rent, ""march"""\r\n,"two\nlines"\r\n-1.5,plain\r\n',
    );
  });

  it('reads back what it writes, including CR/LF and quotes inside fields and empty fields', () => {
    const rows = [
      ['x', '', '"', 'a,b', 'line\r\nbreak', ' spaced '],
      ['', '', '', '', '', ''],
    ];
    expect(parseCsv(toCsv(['1', '2', '3', '4', '5', '6'], rows))).toEqual([['1', '2', '3', '4', '5', '6'], ...rows]);
  });

  it('refuses malformed quoting', () => {
    expect(() => parseCsv('a,"b\r\n')).toThrow(/unterminated/);
    expect(() => parseCsv('a,b"c\r\n')).toThrow(/quote inside/);
    expect(() => parseCsv('"a"b\r\n')).toThrow(/after a closing quote/);
  });
});

describe('export range bounds', () => {
  it('a date is UTC midnight, as `to` the last millisecond of that day; times need a zone', () => {
    expect(parseExportBound('2026-11-30', 'from')).toBe(Date.UTC(2026, 10, 30));
    expect(parseExportBound('2026-11-30', 'to')).toBe(Date.UTC(2026, 11, 1) - 1);
    expect(parseExportBound('2026-11-30T12:00:00+02:00', 'from')).toBe(Date.UTC(2026, 10, 30, 10));
    for (const bad of ['yesterday', '2026-02-30', '2026-11-30T12:00:00', '30/11/2026', '']) expect(parseExportBound(bad, 'from')).toBeNull();
  });
});
