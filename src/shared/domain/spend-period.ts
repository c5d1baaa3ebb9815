/**
 * Budget periods on the wall clock of a time zone: a daily budget resets at local midnight (whatever
 * DST did that day), a monthly one on the 1st, a weekly one on Monday, a custom one every N days from an
 * anchor date. Pure: Intl only, no Temporal, no clock of its own.
 */

export type PeriodSpec =
  | { kind: 'daily' | 'weekly' | 'monthly'; timeZone: string }
  | { kind: 'custom'; timeZone: string; /** Local date YYYY-MM-DD the first period starts on. */ anchorDate: string; days: number }
  /** One period forever: a lifetime budget. */
  | { kind: 'lifetime' };

/** One concrete period: [startMs, endMs) and a stable key for totals. */
export interface Period {
  key: string;
  startMs: number;
  endMs: number;
}

interface LocalDate {
  y: number;
  m: number; // 1..12
  d: number;
}

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatter(timeZone: string): Intl.DateTimeFormat {
  let f = formatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    });
    formatters.set(timeZone, f);
  }
  return f;
}

/** True when the runtime knows the IANA zone (e.g. "Europe/Berlin", "UTC"). */
export function isValidTimeZone(timeZone: string): boolean {
  try {
    formatter(timeZone);
    return true;
  } catch {
    return false;
  }
}

function localDateAt(ms: number, timeZone: string): LocalDate {
  const parts = formatter(timeZone).formatToParts(new Date(ms));
  const get = (t: string) => Number(parts.find((p) => p.type === t)?.value);
  return { y: get('year'), m: get('month'), d: get('day') };
}

/** Days since 1970-01-01 of a calendar date (proleptic Gregorian, no zone involved). */
function dayNumber(date: LocalDate): number {
  return Math.floor(Date.UTC(date.y, date.m - 1, date.d) / 86_400_000);
}

function fromDayNumber(n: number): LocalDate {
  const dt = new Date(n * 86_400_000);
  return { y: dt.getUTCFullYear(), m: dt.getUTCMonth() + 1, d: dt.getUTCDate() };
}

/**
 * The first instant whose local date in `timeZone` is `date` or later: local midnight, or the end of a DST
 * gap when midnight does not exist that day. Binary search over ±36 h around UTC midnight (offsets are
 * within ±14 h), so it holds for any zone Intl knows.
 */
export function startOfLocalDay(date: LocalDate, timeZone: string): number {
  const target = dayNumber(date);
  let lo = Date.UTC(date.y, date.m - 1, date.d) - 36 * 3_600_000; // local date < target here
  let hi = Date.UTC(date.y, date.m - 1, date.d) + 36 * 3_600_000; // local date > target here
  while (hi - lo > 1) {
    const mid = Math.floor((lo + hi) / 2);
    if (dayNumber(localDateAt(mid, timeZone)) >= target) hi = mid;
    else lo = mid;
  }
  return hi;
}

function fmtDate(d: LocalDate): string {
  return `${String(d.y).padStart(4, '0')}-${String(d.m).padStart(2, '0')}-${String(d.d).padStart(2, '0')}`;
}

export function parseLocalDate(text: string): LocalDate | null {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text);
  if (!m) return null;
  const date = { y: Number(m[1]), m: Number(m[2]), d: Number(m[3]) };
  const round = fromDayNumber(dayNumber(date));
  return round.y === date.y && round.m === date.m && round.d === date.d ? date : null;
}

/** The period that contains `nowMs`. */
export function periodAt(spec: PeriodSpec, nowMs: number): Period {
  if (spec.kind === 'lifetime') return { key: 'lifetime', startMs: 0, endMs: 8.64e15 };
  const tz = spec.timeZone;
  const today = localDateAt(nowMs, tz);
  let first: LocalDate;
  let next: LocalDate;
  switch (spec.kind) {
    case 'daily':
      first = today;
      next = fromDayNumber(dayNumber(today) + 1);
      break;
    case 'weekly': {
      // 1970-01-01 was a Thursday; Monday-based weekday = (n + 3) mod 7.
      const n = dayNumber(today);
      const monday = n - ((n + 3) % 7 + 7) % 7;
      first = fromDayNumber(monday);
      next = fromDayNumber(monday + 7);
      break;
    }
    case 'monthly':
      first = { y: today.y, m: today.m, d: 1 };
      next = today.m === 12 ? { y: today.y + 1, m: 1, d: 1 } : { y: today.y, m: today.m + 1, d: 1 };
      break;
    case 'custom': {
      const anchor = parseLocalDate(spec.anchorDate);
      if (!anchor) throw new Error(`Invalid anchor date: ${spec.anchorDate}`);
      if (!Number.isInteger(spec.days) || spec.days < 1) throw new Error(`Invalid period length: ${spec.days} days`);
      const a = dayNumber(anchor);
      const k = Math.floor((dayNumber(today) - a) / spec.days);
      first = fromDayNumber(a + k * spec.days);
      next = fromDayNumber(a + (k + 1) * spec.days);
      break;
    }
  }
  const suffix = spec.kind === 'custom' ? `:${spec.days}` : '';
  return {
    key: `${spec.kind}${suffix}:${tz}:${fmtDate(first)}`,
    startMs: startOfLocalDay(first, tz),
    endMs: startOfLocalDay(next, tz),
  };
}

/** Local calendar date (YYYY-MM-DD) of an instant: for daily charts. */
export function localDateKey(ms: number, timeZone: string): string {
  return fmtDate(localDateAt(ms, timeZone));
}

/**
 * Caches the current period per spec: periodAt costs ~40 Intl calls, admission must not. A new period is
 * computed only when `nowMs` leaves the cached one.
 */
export function createPeriodCache(): (spec: PeriodSpec, nowMs: number) => Period {
  const cache = new Map<string, Period>();
  return (spec, nowMs) => {
    const id = JSON.stringify(spec);
    const hit = cache.get(id);
    if (hit && nowMs >= hit.startMs && nowMs < hit.endMs) return hit;
    const p = periodAt(spec, nowMs);
    if (cache.size > 1000) cache.clear();
    cache.set(id, p);
    return p;
  };
}
