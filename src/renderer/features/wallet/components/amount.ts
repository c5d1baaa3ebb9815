/** Shortens an exact decimal string for display (no float): at most `dp` places, trailing zeros dropped. */
export function shortAit(value: string | null | undefined, dp = 4): string {
  if (value === null || value === undefined) return '∞';
  const [whole, frac = ''] = value.split('.');
  const cut = frac.slice(0, dp).replace(/0+$/, '');
  return cut ? `${whole}.${cut}` : (whole ?? '0');
}

/** Fraction (0..1) of a / b for bars, from decimal strings; display only. */
export function ratio(a: string, b: string | null): number {
  if (b === null) return 0;
  const d = Number(b);
  return d > 0 ? Math.max(0, Math.min(1, Number(a) / d)) : 1;
}
