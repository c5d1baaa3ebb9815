import { describe, expect, it } from 'vitest';
import { shortAit } from './amount';

describe('shortAit', () => {
  it('shortens to 4 places and drops trailing zeros', () => {
    expect(shortAit('4.99997735')).toBe('4.9999');
    expect(shortAit('10')).toBe('10');
    expect(shortAit('2.5000')).toBe('2.5');
    expect(shortAit(null)).toBe('∞');
  });

  it('a tiny non-zero spend never reads as 0: two significant digits, truncated', () => {
    expect(shortAit('0.00002255')).toBe('0.000022');
    expect(shortAit('0.000001')).toBe('0.000001');
    expect(shortAit('-0.00000055')).toBe('-0.00000055');
    expect(shortAit('0')).toBe('0');
    expect(shortAit('0.0000')).toBe('0');
    expect(shortAit('12.00001')).toBe('12');
  });
});
