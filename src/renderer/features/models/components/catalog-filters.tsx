import type { CatalogWhere } from '../../../../shared/contract/models';
import type { CatalogQuery, CatalogSort } from '../../../../shared/domain/catalog-query';
import { fitText, type FitLabel } from '../../../../shared/domain/model-fit';

const WHERE: { id: CatalogWhere; label: string }[] = [
  { id: 'local', label: 'On this machine' },
  { id: 'library', label: 'Pullable' },
  { id: 'network', label: 'Network' },
];
const FITS: FitLabel[] = ['fits', 'offload', 'no_fit'];
export const CONTEXTS = [8192, 16384, 32768, 65536, 131072];

function toggle<T>(list: readonly T[], v: T): T[] {
  return list.includes(v) ? list.filter((x) => x !== v) : [...list, v];
}

/** Search box, filter toggles and sort of the catalog; all state lives in the page. */
export function CatalogFilters(props: {
  query: CatalogQuery;
  onChange(q: CatalogQuery): void;
  context: number;
  onContext(n: number): void;
  facets: { quantizations: string[]; capabilities: string[]; regions: string[] };
}) {
  const { query: q, onChange, facets } = props;
  const set = (patch: Partial<CatalogQuery>) => onChange({ ...q, ...patch });
  return (
    <div className="catalog-filters" data-testid="catalog-filters">
      <input type="search" placeholder="Search models, miners, capabilities…" value={q.text} onChange={(e) => set({ text: e.target.value })} data-testid="catalog-search" aria-label="Search models" />
      <div className="toggles" role="group" aria-label="Where">
        {WHERE.map((w) => (
          <button key={w.id} type="button" className="toggle" aria-pressed={q.where.includes(w.id)} onClick={() => set({ where: toggle(q.where, w.id) })} data-testid={`filter-where-${w.id}`}>
            {w.label}
          </button>
        ))}
      </div>
      <div className="toggles" role="group" aria-label="Fit">
        {FITS.map((f) => (
          <button key={f} type="button" className="toggle" aria-pressed={q.fit.includes(f)} onClick={() => set({ fit: toggle(q.fit, f) })} data-testid={`filter-fit-${f}`}>
            {fitText(f)}
          </button>
        ))}
      </div>
      <label>
        Context{' '}
        <select value={props.context} onChange={(e) => props.onContext(Number(e.target.value))} data-testid="filter-context">
          {CONTEXTS.map((c) => (
            <option key={c} value={c}>
              {c / 1024}K
            </option>
          ))}
        </select>
      </label>
      <label>
        Max AIT / 1k{' '}
        <input className="narrow" inputMode="decimal" value={q.maxPricePer1kAit ?? ''} onChange={(e) => set({ maxPricePer1kAit: e.target.value.trim() || null })} data-testid="filter-max-price" />
      </label>
      <Select label="Quantization" value={q.quantization} options={facets.quantizations} onChange={(v) => set({ quantization: v })} testId="filter-quant" />
      <Select label="Capability" value={q.capability} options={facets.capabilities} onChange={(v) => set({ capability: v })} testId="filter-capability" />
      <Select label="Region" value={q.region} options={facets.regions} onChange={(v) => set({ region: v })} testId="filter-region" />
      <label>
        <input type="checkbox" checked={q.openclawOnly} onChange={(e) => set({ openclawOnly: e.target.checked })} data-testid="filter-openclaw" /> Serves OpenClaw
      </label>
      <label>
        Sort{' '}
        <select value={q.sort} onChange={(e) => set({ sort: e.target.value as CatalogSort })} data-testid="catalog-sort">
          <option value="relevance">Relevance</option>
          <option value="price">Price</option>
          <option value="speed">Speed</option>
          <option value="size">Size</option>
          <option value="name">Name</option>
        </select>
      </label>
    </div>
  );
}

function Select(props: { label: string; value: string | null; options: string[]; onChange(v: string | null): void; testId: string }) {
  return (
    <label>
      {props.label}{' '}
      <select value={props.value ?? ''} onChange={(e) => props.onChange(e.target.value || null)} data-testid={props.testId}>
        <option value="">Any</option>
        {props.options.map((o) => (
          <option key={o} value={o}>
            {o}
          </option>
        ))}
      </select>
    </label>
  );
}
