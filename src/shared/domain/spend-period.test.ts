import { describe, expect, it } from 'vitest';
import { createPeriodCache, isValidTimeZone, localDateKey, parseLocalDate, periodAt } from './spend-period';

const iso = (ms: number) => new Date(ms).toISOString();

describe('spend periods', () => {
  it('daily in UTC: [midnight, next midnight)', () => {
    const p = periodAt({ kind: 'daily', timeZone: 'UTC' }, Date.parse('2026-03-10T15:30:00Z'));
    expect(iso(p.startMs)).toBe('2026-03-10T00:00:00.000Z');
    expect(iso(p.endMs)).toBe('2026-03-11T00:00:00.000Z');
    expect(p.key).toBe('daily:UTC:2026-03-10');
  });

  it('daily resets at local midnight, and the spring-forward day is 23 hours long (Europe/Berlin)', () => {
    const p = periodAt({ kind: 'daily', timeZone: 'Europe/Berlin' }, Date.parse('2026-03-29T12:00:00Z'));
    expect(iso(p.startMs)).toBe('2026-03-28T23:00:00.000Z'); // 00:00 CET
    expect(iso(p.endMs)).toBe('2026-03-29T22:00:00.000Z'); // 00:00 CEST
    expect(p.endMs - p.startMs).toBe(23 * 3_600_000);
  });

  it('the fall-back day is 25 hours long (America/New_York)', () => {
    const p = periodAt({ kind: 'daily', timeZone: 'America/New_York' }, Date.parse('2026-11-01T12:00:00Z'));
    expect(iso(p.startMs)).toBe('2026-11-01T04:00:00.000Z'); // 00:00 EDT
    expect(iso(p.endMs)).toBe('2026-11-02T05:00:00.000Z'); // 00:00 EST
    expect(p.endMs - p.startMs).toBe(25 * 3_600_000);
  });

  it('a day whose midnight does not exist starts when the DST gap ends (America/Santiago)', () => {
    // Chile springs forward at 24:00 → 01:00 on the first Saturday night of September.
    const p = periodAt({ kind: 'daily', timeZone: 'America/Santiago' }, Date.parse('2026-09-06T15:00:00Z'));
    expect(localDateKey(p.startMs, 'America/Santiago')).toBe('2026-09-06');
    expect(localDateKey(p.startMs - 1, 'America/Santiago')).toBe('2026-09-05');
    expect(new Intl.DateTimeFormat('en-US', { timeZone: 'America/Santiago', hour: 'numeric', hourCycle: 'h23' }).format(p.startMs)).toBe('01');
  });

  it('the instant before midnight belongs to the old day, midnight to the new one', () => {
    const spec = { kind: 'daily', timeZone: 'Asia/Kathmandu' } as const; // +05:45
    const midnight = Date.parse('2026-05-01T18:15:00Z'); // 00:00 on May 2 in Kathmandu
    expect(periodAt(spec, midnight - 1).key).toBe('daily:Asia/Kathmandu:2026-05-01');
    expect(periodAt(spec, midnight).key).toBe('daily:Asia/Kathmandu:2026-05-02');
    expect(periodAt(spec, midnight).startMs).toBe(midnight);
  });

  it('monthly handles month ends and leap years', () => {
    const spec = { kind: 'monthly', timeZone: 'UTC' } as const;
    const feb = periodAt(spec, Date.parse('2028-02-29T23:59:59.999Z'));
    expect(iso(feb.startMs)).toBe('2028-02-01T00:00:00.000Z');
    expect(iso(feb.endMs)).toBe('2028-03-01T00:00:00.000Z');
    const dec = periodAt(spec, Date.parse('2026-12-31T12:00:00Z'));
    expect(iso(dec.endMs)).toBe('2027-01-01T00:00:00.000Z');
    // Jan 31 23:30 in Tokyo is already Feb 1 there.
    const tokyo = periodAt({ kind: 'monthly', timeZone: 'Asia/Tokyo' }, Date.parse('2026-01-31T15:30:00Z'));
    expect(tokyo.key).toBe('monthly:Asia/Tokyo:2026-02-01');
    expect(iso(tokyo.startMs)).toBe('2026-01-31T15:00:00.000Z');
  });

  it('monthly across a DST change keeps local midnights at both ends', () => {
    const p = periodAt({ kind: 'monthly', timeZone: 'Europe/Berlin' }, Date.parse('2026-03-15T00:00:00Z'));
    expect(iso(p.startMs)).toBe('2026-02-28T23:00:00.000Z');
    expect(iso(p.endMs)).toBe('2026-03-31T22:00:00.000Z');
  });

  it('weekly starts on Monday local time', () => {
    const p = periodAt({ kind: 'weekly', timeZone: 'UTC' }, Date.parse('2026-03-05T10:00:00Z')); // Thursday
    expect(iso(p.startMs)).toBe('2026-03-02T00:00:00.000Z');
    expect(iso(p.endMs)).toBe('2026-03-09T00:00:00.000Z');
    const sunday = periodAt({ kind: 'weekly', timeZone: 'UTC' }, Date.parse('2026-03-08T23:59:59Z'));
    expect(sunday.startMs).toBe(p.startMs);
  });

  it('custom: every N days from the anchor, also before it', () => {
    const spec = { kind: 'custom', timeZone: 'UTC', anchorDate: '2026-01-01', days: 10 } as const;
    expect(iso(periodAt(spec, Date.parse('2026-01-15T00:00:00Z')).startMs)).toBe('2026-01-11T00:00:00.000Z');
    expect(iso(periodAt(spec, Date.parse('2025-12-31T00:00:00Z')).startMs)).toBe('2025-12-22T00:00:00.000Z');
    expect(() => periodAt({ ...spec, days: 0 }, 0)).toThrow(/length/);
    expect(() => periodAt({ ...spec, anchorDate: '2026-02-30' }, 0)).toThrow(/anchor/);
  });

  it('lifetime never resets', () => {
    expect(periodAt({ kind: 'lifetime' }, Date.now()).key).toBe('lifetime');
  });

  it('the cache moves to the next period when the fake clock crosses the boundary', () => {
    const get = createPeriodCache();
    const spec = { kind: 'daily', timeZone: 'Europe/Berlin' } as const;
    let now = Date.parse('2026-10-24T21:59:59.999Z'); // 23:59:59.999 CEST
    expect(get(spec, now).key).toBe('daily:Europe/Berlin:2026-10-24');
    now += 1;
    expect(get(spec, now).key).toBe('daily:Europe/Berlin:2026-10-25');
    expect(get(spec, now).endMs - get(spec, now).startMs).toBe(25 * 3_600_000);
  });

  it('validates zones and dates', () => {
    expect(isValidTimeZone('Europe/Berlin')).toBe(true);
    expect(isValidTimeZone('Mars/Olympus')).toBe(false);
    expect(parseLocalDate('2026-02-29')).toBeNull();
    expect(parseLocalDate('2028-02-29')).toEqual({ y: 2028, m: 2, d: 29 });
  });
});
