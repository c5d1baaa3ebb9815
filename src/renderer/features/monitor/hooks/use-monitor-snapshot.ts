import { useQuery } from '@tanstack/react-query';
import { useTransport } from '../../../transport/transport-context';
import { monitorSnapshotQuery } from '../api/monitor-snapshot-query';

/** The cached rolling window + status, kept live by the event bridge. */
export function useMonitorSnapshot() {
  return useQuery(monitorSnapshotQuery(useTransport()));
}
