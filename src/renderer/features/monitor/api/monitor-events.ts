import type { EventHandler } from '../../../transport/event-handler';
import { applyMonitorTick } from './apply-monitor-tick';
import { monitorSnapshotKey, type MonitorSnapshot } from './monitor-snapshot-query';

/** `monitor.tick` appends the newest sample to the cached snapshot (and trims it to the window). */
export const monitorEventHandler: EventHandler = {
  'monitor.tick': (tick, qc) => qc.setQueryData<MonitorSnapshot>(monitorSnapshotKey, (old) => applyMonitorTick(old, tick)),
};
