import type { EventHandler } from '../../../transport/event-handler';
import { applyRoutingRequests } from './apply-routing-requests';
import { routingSnapshotKey, type RoutingSnapshotData } from './routing-snapshot-query';

/** `routing.requests` appends routed requests to the snapshot; `routing.changed` refetches it. */
export const routingEventHandler: EventHandler = {
  'routing.requests': (routed, qc) => qc.setQueryData<RoutingSnapshotData>(routingSnapshotKey, (old) => applyRoutingRequests(old, routed)),
  'routing.changed': (_payload, qc) => void qc.invalidateQueries({ queryKey: routingSnapshotKey }),
};
