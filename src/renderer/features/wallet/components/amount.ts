/** Shortens an exact decimal string for display (no float): at most `dp` places, trailing zeros dropped. */
export function shortAit(value: string | null | undefined, dp = 4): string {
  if (value === null || value === undefined) return '∞';
  const [whole = '0', frac = ''] = value.split('.');
  const cut = frac.slice(0, dp).replace(/0+$/, '');
  if (cut) return `${whole}.${cut}`;
  // A non-zero amount smaller than `dp` places (a cheap network request) must not read as "0": keep two
  // significant digits, truncated.
  const first = frac.search(/[1-9]/);
  if (/^-?0$/.test(whole) && first >= 0) return `${whole}.${frac.slice(0, first + 2).replace(/0+$/, '')}`;
  return whole;
}

/** Fraction (0..1) of a / b for bars, from decimal strings; display only. */
export function ratio(a: string, b: string | null): number {
  if (b === null) return 0;
  const d = Number(b);
  return d > 0 ? Math.max(0, Math.min(1, Number(a) / d)) : 1;
}
