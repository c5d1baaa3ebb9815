import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useDeferredValue, useMemo, useState } from 'react';
import { DEFAULT_QUERY, evaluateCatalog, facetValues, queryCatalog, type CatalogQuery } from '../../../../shared/domain/catalog-query';
import { useTransport } from '../../../transport/transport-context';
import { formatBytesAsGb } from '../../../lib/format';
import { catalogListQuery, catalogRefreshQuery, deploymentsQuery, metricsQuery } from '../api/catalog-queries';
import { cancelDeploymentMutation, deployMutation, retryDeploymentMutation, undeployMutation } from '../api/models-mutations';
import { CatalogFilters } from './catalog-filters';
import { CatalogTable, PAGE_ROWS } from './catalog-table';
import { DeploymentsPanel } from './deployments-panel';

/** Models: one catalog of local, pullable and network models with fit labels, one-click deploy, deployments. */
export function ModelsPage() {
  const transport = useTransport();
  const qc = useQueryClient();
  const list = useQuery(catalogListQuery(transport));
  const deployments = useQuery(deploymentsQuery(transport));
  const metrics = useQuery(metricsQuery(transport));
  const [query, setQuery] = useState<CatalogQuery>(DEFAULT_QUERY);
  const [context, setContext] = useState(32768);
  const deferred = useDeferredValue(query);
  const [error, setError] = useState<string | null>(null);

  const memory = list.data?.memory;
  // Fit labels and sort keys once per list / memory / context; filtering on each keystroke runs over these.
  const evaluated = useMemo(
    () => (list.data ? evaluateCatalog(list.data.entries, { freeVramBytes: memory?.freeVramBytes ?? null, freeRamBytes: memory?.freeRamBytes ?? null }, context) : []),
    [list.data, memory, context],
  );
  const facets = useMemo(() => facetValues(evaluated), [evaluated]);
  const results = useMemo(() => queryCatalog(evaluated, deferred), [evaluated, deferred]);

  // The page's error line: every action's failure lands there (hook-level, so none is lost when clicks overlap).
  const onError = (e: Error) => setError(e.message);
  const deploy = useMutation({ ...deployMutation(transport, qc), onError, onSuccess: () => setError(null) });
  const cancel = useMutation({ ...cancelDeploymentMutation(transport, qc), onError });
  const retry = useMutation({ ...retryDeploymentMutation(transport, qc), onError });
  const undeploy = useMutation({ ...undeployMutation(transport, qc), onError });

  const busy = useMemo(() => {
    const s = new Set<string>();
    for (const d of deployments.data?.deployments ?? []) {
      if (d.status === 'running') s.add(d.target === 'local' ? `local:${d.model}` : `network:${d.model}@${d.minerId}`).add(`library:${d.model}`);
    }
    return s;
  }, [deployments.data]);
  const metricsById = useMemo(() => new Map((metrics.data?.metrics ?? []).map((m) => [m.deploymentId, m])), [metrics.data]);

  return (
    <div className="models-page" data-testid="page-models">
      <DeploymentsPanel
        deployments={deployments.data?.deployments ?? []}
        metrics={metricsById}
        meteringAvailable={metrics.data?.source === 'metering'}
        onCancel={(id) => cancel.mutate(id)}
        onRetry={(id) => retry.mutate(id)}
        onUndeploy={(id) => undeploy.mutate(id)}
      />
      {error ? (
        <p className="warning" role="alert" data-testid="models-error">
          {error}
        </p>
      ) : null}
      <section className="card" aria-labelledby="catalog-title">
        <div className="section-head">
          <h2 id="catalog-title">Catalog</h2>
          {list.data ? (
            <p className="muted small" data-testid="catalog-sources">
              Local: {list.data.sources.local.message} · Library: {list.data.sources.library.message} · Network: {list.data.sources.network.message}
              {memory?.freeVramBytes != null ? ` · ${formatBytesAsGb(memory.freeVramBytes)} VRAM free` : ' · no GPU memory reported'}
            </p>
          ) : null}
          <button type="button" onClick={() => void qc.fetchQuery(catalogRefreshQuery(transport))}>
            Refresh
          </button>
        </div>
        <CatalogFilters query={query} onChange={setQuery} context={context} onContext={setContext} facets={facets} />
        {list.isPending ? (
          <p className="muted">Loading the catalog…</p>
        ) : list.isError ? (
          <p className="warning" role="alert">
            Could not load the catalog: {list.error.message}
          </p>
        ) : (
          <CatalogTable rows={results.slice(0, PAGE_ROWS)} total={results.length} onDeploy={(req) => deploy.mutate(req)} busy={busy} />
        )}
      </section>
    </div>
  );
}
