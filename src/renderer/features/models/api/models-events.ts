import type { EventHandler } from '../../../transport/event-handler';
import { catalogListKey, deploymentsKey } from './catalog-queries';

/** `models.progress` carries the whole deployments list (set it); `models.changed` invalidates the catalog. */
export const modelsEventHandler: EventHandler = {
  'models.progress': (deployments, qc) => qc.setQueryData(deploymentsKey, deployments),
  'models.changed': (_payload, qc) => void qc.invalidateQueries({ queryKey: catalogListKey }),
};
