// What other features may use of the monitor: its service interface (latest sample, tick subscription).
export type { MonitorService } from './monitor-service';
