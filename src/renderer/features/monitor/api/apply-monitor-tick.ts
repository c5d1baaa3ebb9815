import type { EventPayload } from '../../../../shared/contract/events';
import type { MonitorSnapshot } from './monitor-snapshot-query';

export type MonitorTick = EventPayload<'monitor.tick'>;

/**
 * Patches the cached snapshot with one tick: appends the sample (unless it is not newer than the last
 * one, e.g. a tick that raced the snapshot), keeps at most `status.windowSize` samples, replaces status.
 * Without a snapshot yet it leaves the cache alone: the in-flight snapshot brings the whole window.
 */
export function applyMonitorTick(snapshot: MonitorSnapshot | undefined, tick: MonitorTick): MonitorSnapshot | undefined {
  if (!snapshot) return snapshot;
  const last = snapshot.samples[snapshot.samples.length - 1];
  const isNew = !last || tick.sample.t > last.t;
  const appended = isNew ? [...snapshot.samples, tick.sample] : snapshot.samples;
  const max = tick.status.windowSize;
  const samples = appended.length > max ? appended.slice(appended.length - max) : appended;
  return { samples, status: tick.status };
}
