import type { DeployRequest } from '../../../../shared/contract/models';
import type { EvaluatedEntry } from '../../../../shared/domain/catalog-query';
import { fitText } from '../../../../shared/domain/model-fit';
import { formatBytesAsGb, NOT_REPORTED } from '../../../lib/format';

/** Rows rendered at once: thousands of entries filter in memory, the DOM shows the first page. */
export const PAGE_ROWS = 200;

const WHERE_TEXT = { local: 'Local', library: 'Pull', network: 'Network' } as const;

function slug(id: string): string {
  return id.replace(/[^a-z0-9]+/gi, '-');
}

/** The catalog rows with fit, price, OpenClaw suitability and a one-click deploy per row. */
export function CatalogTable({ rows, total, onDeploy, busy }: { rows: EvaluatedEntry[]; total: number; onDeploy(req: DeployRequest): void; busy: ReadonlySet<string> }) {
  if (rows.length === 0) return <p className="muted" data-testid="catalog-empty">No model matches these filters.</p>;
  return (
    <>
      <p className="muted" data-testid="catalog-count">
        {total > rows.length ? `Showing ${rows.length} of ${total} models` : `${total} models`}
      </p>
      <table className="table catalog-table" data-testid="catalog-table">
        <thead>
          <tr>
            <th scope="col">Model</th>
            <th scope="col">Where</th>
            <th scope="col" className="num">Size</th>
            <th scope="col">Quant</th>
            <th scope="col" className="num">Context</th>
            <th scope="col">Fit</th>
            <th scope="col" className="num">AIT / 1k tok</th>
            <th scope="col">OpenClaw</th>
            <th scope="col" />
          </tr>
        </thead>
        <tbody>
          {rows.map((r) => {
            const e = r.entry;
            const s = slug(e.id);
            return (
              <tr key={e.id} data-testid={`catalog-row-${s}`}>
                <td>
                  <div className="model-name">{e.model}</div>
                  <div className="muted small">
                    {e.where === 'network' ? `${e.minerId} · ${e.gpu ?? 'GPU ?'} · ${e.region ?? 'region ?'}${e.measured?.tokensPerSec ? ` · ${e.measured.tokensPerSec.toFixed(0)} tok/s` : ''}` : e.description}
                  </div>
                </td>
                <td>
                  {WHERE_TEXT[e.where]}
                  {e.loaded ? <span className="tag">loaded</span> : null}
                </td>
                <td className="num">{formatBytesAsGb(e.sizeBytes)}</td>
                <td>{e.quantization ?? NOT_REPORTED}</td>
                <td className="num">{e.contextLength ? `${Math.round(e.contextLength / 1024)}K` : NOT_REPORTED}</td>
                <td>
                  {e.where === 'network' ? (
                    <span className="muted">remote</span>
                  ) : (
                    <span className={`fit fit-${r.fit}`} title={r.needBytes ? `needs ~${formatBytesAsGb(r.needBytes)} at ${r.contextTokens / 1024}K context` : undefined} data-testid={`fit-${s}`}>
                      {fitText(r.fit)}
                    </span>
                  )}
                </td>
                <td className="num">{e.where === 'network' ? e.pricePer1kTokensAit : 'free'}</td>
                <td>{e.openclaw.ok ? '✓' : <span className="warn-text" title={e.openclaw.reasons.join('; ')}>✗ {e.openclaw.reasons[0]}</span>}</td>
                <td>
                  {e.deployedAs ? (
                    <span className="tag" data-testid={`deployed-${s}`}>deployed</span>
                  ) : (
                    <button
                      type="button"
                      disabled={busy.has(e.id) || e.capabilities.includes('embedding') && !e.capabilities.includes('completion') && e.where === 'network'}
                      onClick={() => onDeploy(e.where === 'network' ? { target: 'network', model: e.model, minerId: e.minerId, agents: [] } : { target: 'local', model: e.model, agents: [] })}
                      data-testid={`deploy-${s}`}
                      aria-label={`${e.where === 'network' ? `Deploy on network: ${e.model} (${e.minerId})` : e.where === 'local' ? `Deploy ${e.model}` : `Pull & deploy ${e.model}`}`}
                    >
                      {e.where === 'network' ? 'Deploy on network' : e.where === 'local' ? 'Deploy' : 'Pull & deploy'}
                    </button>
                  )}
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </>
  );
}
