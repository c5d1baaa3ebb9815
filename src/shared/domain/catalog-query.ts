import type { CatalogEntry, CatalogWhere } from '../contract/models';
import { parseAmount } from './decimal';
import { estimateVram, fitLabel, type FitLabel, type FreeMemory } from './model-fit';

/**
 * Search, filters and sort of the Models page. Split in two so a filter change is cheap on thousands of
 * entries: `evaluateCatalog` (fit labels, sort keys) runs when the list, free memory or context changes;
 * `queryCatalog` runs on every keystroke over the evaluated rows.
 */

export interface EvaluatedEntry {
  entry: CatalogEntry;
  fit: FitLabel;
  needBytes: number | null;
  /** Context the estimate used: the chosen one, capped at the model's own. */
  contextTokens: number;
  /** Price in 1e-18 AIT units; local and library entries cost 0. */
  priceUnits: bigint | null;
  haystack: string;
}

export type CatalogSort = 'relevance' | 'price' | 'speed' | 'size' | 'name';

export interface CatalogQuery {
  text: string;
  where: readonly CatalogWhere[];
  fit: readonly FitLabel[];
  /** Decimal AIT per 1k tokens; entries above it are hidden (local ones cost nothing). */
  maxPricePer1kAit: string | null;
  quantization: string | null;
  capability: string | null;
  region: string | null;
  openclawOnly: boolean;
  sort: CatalogSort;
  descending: boolean;
}

export const DEFAULT_QUERY: CatalogQuery = {
  text: '',
  where: [],
  fit: [],
  maxPricePer1kAit: null,
  quantization: null,
  capability: null,
  region: null,
  openclawOnly: false,
  sort: 'relevance',
  descending: false,
};

/** Computes fit and sort keys once per (list, memory, context). */
export function evaluateCatalog(entries: readonly CatalogEntry[], memory: FreeMemory, contextTokens: number): EvaluatedEntry[] {
  return entries.map((entry) => {
    const ctx = entry.contextLength ? Math.min(entry.contextLength, contextTokens) : contextTokens;
    const est = entry.where === 'network' ? null : estimateVram({ weightsBytes: entry.sizeBytes, kvBytesPerToken: entry.kvBytesPerToken, contextTokens: ctx });
    const needBytes = est?.totalBytes ?? null;
    const fit: FitLabel = entry.where === 'network' ? 'unknown' : fitLabel(needBytes, memory);
    let priceUnits: bigint | null = entry.where === 'network' ? null : 0n;
    if (entry.pricePer1kTokensAit !== null) {
      try {
        priceUnits = parseAmount(entry.pricePer1kTokensAit);
      } catch {
        priceUnits = null;
      }
    }
    const haystack = [entry.model, entry.name, entry.family ?? '', entry.description, entry.minerId ?? '', entry.gpu ?? '', entry.region ?? '', entry.capabilities.join(' ')]
      .join(' ')
      .toLowerCase();
    return { entry, fit, needBytes, contextTokens: ctx, priceUnits, haystack };
  });
}

function speedOf(e: EvaluatedEntry): number | null {
  return e.entry.measured?.tokensPerSec ?? null;
}

/** Filters and sorts evaluated rows; never mutates its input. */
export function queryCatalog(rows: readonly EvaluatedEntry[], q: CatalogQuery): EvaluatedEntry[] {
  const terms = q.text.toLowerCase().split(/\s+/).filter(Boolean);
  let maxUnits: bigint | null = null;
  if (q.maxPricePer1kAit !== null && q.maxPricePer1kAit.trim() !== '') {
    try {
      maxUnits = parseAmount(q.maxPricePer1kAit);
    } catch {
      maxUnits = null;
    }
  }
  const where = q.where.length ? new Set(q.where) : null;
  const fits = q.fit.length ? new Set(q.fit) : null;
  const quant = q.quantization?.toLowerCase() ?? null;
  const region = q.region?.toLowerCase() ?? null;

  const out = rows.filter((r) => {
    const e = r.entry;
    if (where && !where.has(e.where)) return false;
    if (fits && !fits.has(r.fit)) return false;
    if (q.openclawOnly && !e.openclaw.ok) return false;
    if (quant && (e.quantization ?? '').toLowerCase() !== quant) return false;
    if (q.capability && !e.capabilities.includes(q.capability)) return false;
    if (region && (e.region ?? '').toLowerCase() !== region) return false;
    if (maxUnits !== null && (r.priceUnits === null || r.priceUnits > maxUnits)) return false;
    for (const t of terms) if (!r.haystack.includes(t)) return false;
    return true;
  });

  const dir = q.descending ? -1 : 1;
  const nullsLast = <T>(a: T | null, b: T | null, cmp: (x: T, y: T) => number): number => {
    if (a === null && b === null) return 0;
    if (a === null) return 1;
    if (b === null) return -1;
    return dir * cmp(a, b);
  };
  switch (q.sort) {
    case 'price':
      out.sort((a, b) => nullsLast(a.priceUnits, b.priceUnits, (x, y) => (x < y ? -1 : x > y ? 1 : 0)) || cmpStr(a.entry.id, b.entry.id));
      break;
    case 'speed':
      // Fastest first by default: "ascending" speed makes no sense to a person sorting by speed.
      out.sort((a, b) => nullsLast(speedOf(a), speedOf(b), (x, y) => y - x) || cmpStr(a.entry.id, b.entry.id));
      break;
    case 'size':
      out.sort((a, b) => nullsLast(a.entry.sizeBytes, b.entry.sizeBytes, (x, y) => x - y) || cmpStr(a.entry.id, b.entry.id));
      break;
    case 'name':
      out.sort((a, b) => dir * cmpStr(a.entry.model, b.entry.model) || cmpStr(a.entry.id, b.entry.id));
      break;
    default:
      // Relevance: local first, then library, then network; exact name matches first.
      out.sort((a, b) => relevance(a, terms) - relevance(b, terms) || cmpStr(a.entry.model, b.entry.model) || cmpStr(a.entry.id, b.entry.id));
  }
  return out;
}

/** Ordinal compare: names are ASCII tags, and localeCompare costs ~10× more on thousands of rows. */
function cmpStr(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

const WHERE_RANK: Record<CatalogWhere, number> = { local: 0, library: 1, network: 2 };

function relevance(r: EvaluatedEntry, terms: string[]): number {
  const exact = terms.length > 0 && terms.every((t) => r.entry.name.toLowerCase().startsWith(t) || r.entry.model.toLowerCase().startsWith(t));
  return (exact ? 0 : 10) + WHERE_RANK[r.entry.where];
}

/** Distinct values for the filter dropdowns. */
export function facetValues(rows: readonly EvaluatedEntry[]): { quantizations: string[]; capabilities: string[]; regions: string[] } {
  const q = new Set<string>();
  const c = new Set<string>();
  const r = new Set<string>();
  for (const row of rows) {
    if (row.entry.quantization) q.add(row.entry.quantization);
    for (const cap of row.entry.capabilities) c.add(cap);
    if (row.entry.region) r.add(row.entry.region);
  }
  const sorted = (s: Set<string>) => [...s].sort((a, b) => a.localeCompare(b));
  return { quantizations: sorted(q), capabilities: sorted(c), regions: sorted(r) };
}
