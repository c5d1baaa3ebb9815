import type { EventPayload } from '../../../../shared/contract/events';
import type { RoutingSnapshotData } from './routing-snapshot-query';

const KEEP = 200;

/** Appends finished requests (they arrive oldest first) to the cached log, newest first, and takes the new counts. */
export function applyRoutingRequests(old: RoutingSnapshotData | undefined, ev: EventPayload<'routing.requests'>): RoutingSnapshotData | undefined {
  if (!old) return old;
  const known = new Set(old.requests.map((r) => r.id));
  const fresh = ev.entries.filter((e) => !known.has(e.id)).reverse();
  return { ...old, requests: [...fresh, ...old.requests].slice(0, KEEP), counts: ev.counts };
}
