import { describe, expect, it } from 'vitest';
import {
  NOT_REPORTED,
  formatBytesAsGb,
  formatClock,
  formatExpiry,
  formatMibAsGb,
  formatMibUsedOfTotal,
  formatPct,
  formatPower,
  formatProcessLine,
  formatTempC,
  formatVramShare,
  mibToGb,
} from './format';

describe('memory is decimal GB everywhere', () => {
  it('converts MiB as nvidia-smi reports them', () => {
    expect(mibToGb(1000)).toBeCloseTo(1.048576, 6);
    expect(formatMibAsGb(22630)).toBe('23.7 GB');
    expect(formatMibAsGb(81559)).toBe('85.5 GB');
    expect(formatMibAsGb(0)).toBe('0.0 GB');
  });
  it('formats bytes with the same unit, so Ollama and nvidia-smi agree', () => {
    expect(formatBytesAsGb(22630 * 1024 * 1024)).toBe(formatMibAsGb(22630));
  });
  it('shows used / total and keeps a missing side visible', () => {
    expect(formatMibUsedOfTotal(22630, 81559)).toBe('23.7 / 85.5 GB');
    expect(formatMibUsedOfTotal(null, 81559)).toBe('— / 85.5 GB');
    expect(formatMibUsedOfTotal(null, null)).toBe(NOT_REPORTED);
  });
  it('writes the process line', () => {
    expect(formatProcessLine('ollama', 22630)).toBe('ollama — 23.7 GB');
    expect(formatProcessLine('python3', null)).toBe('python3 — —');
  });
});

describe('null means not reported, never zero', () => {
  it.each([
    [formatPct(null)],
    [formatTempC(null)],
    [formatPower(null, 350)],
    [formatMibAsGb(null)],
    [formatPct(Number.NaN)],
  ])('%s', (v) => expect(v).toBe(NOT_REPORTED));

  it('formats present values', () => {
    expect(formatPct(41.6)).toBe('42%');
    expect(formatPct(0)).toBe('0%');
    expect(formatTempC(61.2)).toBe('61 °C');
    expect(formatPower(245.3, 350)).toBe('245 / 350 W');
    expect(formatPower(245.3, null)).toBe('245 W');
  });
});

describe('time', () => {
  it('formats a clock as HH:MM:SS', () => {
    const t = new Date(2025, 0, 2, 3, 4, 5).getTime();
    expect(formatClock(t)).toBe('03:04:05');
  });
  it('describes Ollama expiry', () => {
    const now = Date.parse('2025-01-01T00:00:00Z');
    expect(formatExpiry('2025-01-01T00:04:00Z', now)).toBe('in 4 min');
    expect(formatExpiry('2025-01-01T00:00:30Z', now)).toBe('in 30 s');
    expect(formatExpiry('2024-12-31T23:59:00Z', now)).toBe('expired');
    expect(formatExpiry('2318-01-01T00:00:00Z', now)).toBe('never');
    expect(formatExpiry(null, now)).toBe(NOT_REPORTED);
    expect(formatExpiry('garbage', now)).toBe(NOT_REPORTED);
  });
  it('computes the VRAM share of a model', () => {
    expect(formatVramShare(5e9, 5e9)).toBe('100%');
    expect(formatVramShare(3.1e9, 5e9)).toBe('62%');
    expect(formatVramShare(0, 0)).toBe(NOT_REPORTED);
  });
});
