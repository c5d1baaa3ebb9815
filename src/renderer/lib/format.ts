/** Shown wherever a device does not report a value (null in the contract): never "0". */
export const NOT_REPORTED = '—';

const BYTES_PER_MIB = 1024 * 1024;
const BYTES_PER_GB = 1e9;

/**
 * One unit for memory everywhere in the UI: decimal GB (1e9 bytes), the unit `ollama ps` uses.
 * nvidia-smi reports MiB, so 22630 MiB → 23.7 GB.
 */
export function mibToGb(mib: number): number {
  return (mib * BYTES_PER_MIB) / BYTES_PER_GB;
}

export function bytesToGb(bytes: number): number {
  return bytes / BYTES_PER_GB;
}

function isNum(n: number | null | undefined): n is number {
  return typeof n === 'number' && Number.isFinite(n);
}

/** "23.7" (no unit) or "—". */
export function formatGbNumber(gb: number | null | undefined): string {
  return isNum(gb) ? gb.toFixed(1) : NOT_REPORTED;
}

/** "23.7 GB" from MiB, or "—". */
export function formatMibAsGb(mib: number | null | undefined): string {
  return isNum(mib) ? `${mibToGb(mib).toFixed(1)} GB` : NOT_REPORTED;
}

/** "23.7 GB" from bytes, or "—". */
export function formatBytesAsGb(bytes: number | null | undefined): string {
  return isNum(bytes) ? `${bytesToGb(bytes).toFixed(1)} GB` : NOT_REPORTED;
}

/** "22.1 / 85.5 GB"; either side may be "—". */
export function formatMibUsedOfTotal(used: number | null, total: number | null): string {
  if (!isNum(used) && !isNum(total)) return NOT_REPORTED;
  return `${isNum(used) ? mibToGb(used).toFixed(1) : NOT_REPORTED} / ${isNum(total) ? mibToGb(total).toFixed(1) : NOT_REPORTED} GB`;
}

/** "42%" (whole percent) or "—". */
export function formatPct(pct: number | null | undefined): string {
  return isNum(pct) ? `${Math.round(pct)}%` : NOT_REPORTED;
}

/** "61 °C" or "—". */
export function formatTempC(c: number | null | undefined): string {
  return isNum(c) ? `${Math.round(c)} °C` : NOT_REPORTED;
}

/** "245 / 350 W", "245 W" without a limit, or "—". */
export function formatPower(watts: number | null, limit: number | null): string {
  if (!isNum(watts)) return NOT_REPORTED;
  return isNum(limit) ? `${Math.round(watts)} / ${Math.round(limit)} W` : `${Math.round(watts)} W`;
}

/** "1980 MHz" or "—". */
export function formatMHz(mhz: number | null | undefined): string {
  return isNum(mhz) ? `${Math.round(mhz)} MHz` : NOT_REPORTED;
}

const pad2 = (n: number) => String(n).padStart(2, '0');

/** Local wall-clock "HH:MM:SS" for chart axes and tooltips. */
export function formatClock(epochMs: number): string {
  const d = new Date(epochMs);
  return `${pad2(d.getHours())}:${pad2(d.getMinutes())}:${pad2(d.getSeconds())}`;
}

/** The process table's line: "ollama — 23.7 GB". */
export function formatProcessLine(name: string, usedMemMiB: number | null): string {
  return `${name} — ${formatMibAsGb(usedMemMiB)}`;
}

/**
 * When an Ollama model unloads: "in 4 min", "in 40 s", "expired", "never" (keep_alive -1 sets a date
 * centuries ahead) or "—" when unknown.
 */
export function formatExpiry(expiresAt: string | null, nowMs: number): string {
  if (!expiresAt) return NOT_REPORTED;
  const t = Date.parse(expiresAt);
  if (Number.isNaN(t)) return NOT_REPORTED;
  const diff = t - nowMs;
  if (diff <= 0) return 'expired';
  if (diff > 365 * 24 * 3600_000) return 'never';
  if (diff < 60_000) return `in ${Math.round(diff / 1000)} s`;
  if (diff < 3600_000) return `in ${Math.round(diff / 60_000)} min`;
  if (diff < 48 * 3600_000) return `in ${Math.round(diff / 3600_000)} h`;
  return `in ${Math.round(diff / (24 * 3600_000))} days`;
}

/** Share of a model held in VRAM, "100%" / "62%"; "—" for a zero-size model. */
export function formatVramShare(sizeVramBytes: number, sizeBytes: number): string {
  if (!(sizeBytes > 0)) return NOT_REPORTED;
  return `${Math.round(Math.min(1, sizeVramBytes / sizeBytes) * 100)}%`;
}
