/** Ollama's keep_alive: seconds (number) or a Go duration string; negative = forever. */
export function keepAliveMs(v: unknown): number {
  if (typeof v === 'number') return v * 1000;
  if (typeof v !== 'string') return 5 * 60_000;
  if (v === '0') return 0;
  const units: Record<string, number> = { ns: 1e-6, us: 1e-3, µs: 1e-3, ms: 1, s: 1000, m: 60_000, h: 3_600_000 };
  let total = 0;
  const neg = v.startsWith('-');
  for (const m of v.replace(/^-/, '').matchAll(/([\d.]+)(ns|us|µs|ms|s|m|h)/g)) total += Number(m[1]) * units[m[2]!]!;
  return neg ? -total : total;
}
