import { describe, expect, it } from 'vitest';
import {
  compareDecimals,
  DecimalError,
  formatAmount,
  isDecimalString,
  mulAmount,
  mulAmountCeil,
  mulDivCeil,
  normalizeDecimal,
  parseAmount,
  SCALE,
  sumDecimals,
  tryParseAmount,
  tryParseDecimal,
} from './decimal';

describe('decimal', () => {
  it('parses wire strings exactly, including trailing zeros from Numeric(20,8)', () => {
    expect(parseAmount('0.50000000')).toBe(SCALE / 2n);
    expect(parseAmount('12')).toBe(12n * SCALE);
    expect(parseAmount('-3.25')).toBe(-(3n * SCALE + SCALE / 4n));
    expect(parseAmount('.5')).toBe(SCALE / 2n);
    expect(parseAmount('0.000000000000000001')).toBe(1n);
    expect(parseAmount('123456789012345678901234567890.5')).toBe(123456789012345678901234567890n * SCALE + SCALE / 2n);
  });

  it('parses numbers from their shortest lexeme, never via float arithmetic', () => {
    // 0.1 + 0.2 in float is 0.30000000000000004; as decimals it is exact.
    expect(formatAmount(parseAmount(0.1) + parseAmount(0.2))).toBe('0.3');
    expect(parseAmount(0.246)).toBe(parseAmount('0.246'));
    expect(parseAmount(1e-7)).toBe(parseAmount('0.0000001'));
    expect(parseAmount('2.5e-8')).toBe(parseAmount('0.000000025'));
    expect(parseAmount('1E+3')).toBe(1000n * SCALE);
  });

  it('rejects what is not a decimal with a clear error', () => {
    for (const bad of ['', 'abc', '1.2.3', '0x10', '1,5', ' . ', '--1']) {
      expect(() => parseAmount(bad)).toThrow(DecimalError);
    }
    expect(() => parseAmount(Number.NaN)).toThrow(/finite/);
    expect(() => parseAmount(Infinity)).toThrow(/finite/);
    expect(tryParseAmount('nope')).toBeNull();
    expect(tryParseAmount({})).toBeNull();
  });

  it('refuses more than 18 places unless asked to truncate', () => {
    expect(() => parseAmount('0.0000000000000000001')).toThrow(/18 decimal places/);
    expect(parseAmount('0.0000000000000000019', { round: 'truncate' })).toBe(1n);
    // trailing zeros beyond the scale lose nothing, so they are fine
    expect(parseAmount('1.50000000000000000000')).toBe(parseAmount('1.5'));
  });

  it('formats canonically and with fixed places', () => {
    expect(formatAmount(0n)).toBe('0');
    expect(formatAmount(parseAmount('1.500'))).toBe('1.5');
    expect(formatAmount(parseAmount('-0.000001'))).toBe('-0.000001');
    expect(formatAmount(parseAmount('1.23456'), 2)).toBe('1.23');
    expect(formatAmount(parseAmount('1.235'), 2)).toBe('1.24');
    expect(formatAmount(parseAmount('-1.235'), 2)).toBe('-1.24');
    expect(formatAmount(parseAmount('2'), 3)).toBe('2.000');
    expect(formatAmount(parseAmount('-0.001'), 2)).toBe('0.00');
  });

  it('multiplies with truncation or ceiling as asked', () => {
    const price = parseAmount('0.003'); // per 1k tokens
    expect(formatAmount(mulDivCeil(price, 4097n, 1000n))).toBe('0.012291');
    expect(formatAmount(mulAmount(parseAmount('1.5'), parseAmount('2.5')))).toBe('3.75');
    expect(mulAmountCeil(1n, 1n)).toBe(1n); // 1e-36 rounds up to the smallest unit
    expect(mulAmount(1n, 1n)).toBe(0n);
    expect(formatAmount(mulDivCeil(parseAmount('1'), 1n, 3n))).toBe('0.333333333333333334');
  });

  it('sums, compares and normalises decimal strings', () => {
    expect(sumDecimals(['0.1', '0.2', '0.30000000'])).toBe('0.6');
    expect(compareDecimals('1.0', '1')).toBe(0);
    expect(compareDecimals('0.9', '1')).toBe(-1);
    expect(normalizeDecimal(12.5)).toBe('12.5');
    expect(tryParseDecimal('0.50000000')).toBe('0.5');
    expect(tryParseDecimal(3)).toBe('3');
    expect(tryParseDecimal('x')).toBeNull();
    expect(isDecimalString('1.5')).toBe(true);
    expect(isDecimalString('1e5')).toBe(false);
  });
});
