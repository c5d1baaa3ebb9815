import type { MonitorSample, MonitorStatus } from '../../shared/contract/monitor';

/** The GPU & system monitor as the rest of main sees it. */
export interface MonitorService {
  /** Starts sampling (nvidia-smi child, systeminformation, Ollama /api/ps). Idempotent. */
  start(): void;
  /** Stops every child process and timer; resolves when children have exited. */
  stop(): Promise<void>;
  /** The rolling window (oldest first) and the current status. */
  snapshot(): { samples: MonitorSample[]; status: MonitorStatus };
  /** Called once per sampling interval with the new sample. Returns an unsubscribe function. */
  onTick(listener: (tick: { sample: MonitorSample; status: MonitorStatus }) => void): () => void;
}
