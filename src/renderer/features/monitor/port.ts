/** What other features may use of monitor: the live snapshot (GPUs, Ollama state), kept fresh by monitor.tick. */
export { useMonitorSnapshot } from './hooks/use-monitor-snapshot';
