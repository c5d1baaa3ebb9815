import { queryOptions } from '@tanstack/react-query';
import type { Transport } from '../../../transport/transport';

export const openclawAgentsKey = ['openclaw.agents'] as const;
export const openclawWiringKey = ['openclaw.wiring'] as const;
export const openclawVersionsKey = ['openclaw.versions'] as const;
export const openclawUpgradeRunKey = ['openclaw.upgradeRun'] as const;

/** Cached overview from main (never waits on the CLI); `openclaw.agents` events replace it after each poll. */
export function openclawAgentsQuery(transport: Transport) {
  return queryOptions({ queryKey: openclawAgentsKey, queryFn: () => transport.call('openclaw.agents', {}), staleTime: Infinity, refetchOnWindowFocus: false });
}

export function openclawWiringQuery(transport: Transport) {
  return queryOptions({ queryKey: openclawWiringKey, queryFn: () => transport.call('openclaw.wiring', {}), staleTime: 30_000 });
}

/** `update status --json` behind it takes seconds and is cached in main for 10 minutes. */
export function openclawVersionsQuery(transport: Transport) {
  return queryOptions({ queryKey: openclawVersionsKey, queryFn: () => transport.call('openclaw.versions', {}), staleTime: 60_000, refetchOnWindowFocus: false });
}

/** The current/last upgrade run; `openclaw.upgrade` events replace it step by step. */
export function openclawUpgradeRunQuery(transport: Transport) {
  return queryOptions({ queryKey: openclawUpgradeRunKey, queryFn: () => transport.call('openclaw.upgradeRun', {}), staleTime: Infinity, refetchOnWindowFocus: false });
}
