import type { GpuSample } from '../../shared/contract/monitor';

/**
 * Turns nvidia-smi's stream of per-GPU lines into whole readings (one GpuSample per GPU).
 * A reading ends when the index wraps to one already in it, when it reaches the GPU count of the
 * previous reading (the common case: no timer needed), or after `quietMs` without a line.
 */
export interface GpuLineGrouper {
  push(sample: GpuSample): void;
  /** Emits what is pending (e.g. when the child exits) and forgets the learned GPU count. */
  reset(): void;
}

/** Creates a grouper that calls `onReading` with each complete reading. */
export function createGpuLineGrouper(onReading: (gpus: GpuSample[]) => void, quietMs = 50): GpuLineGrouper {
  let pending: GpuSample[] = [];
  let expected = 0;
  let quiet: NodeJS.Timeout | undefined;

  const flush = () => {
    if (quiet) clearTimeout(quiet);
    quiet = undefined;
    if (pending.length === 0) return;
    const reading = pending;
    pending = [];
    expected = Math.max(expected, reading.length);
    onReading(reading);
  };

  return {
    push(sample) {
      if (pending.some((p) => p.index === sample.index)) flush();
      pending.push(sample);
      if (expected > 0 && pending.length >= expected) return flush();
      if (quiet) clearTimeout(quiet);
      quiet = setTimeout(flush, quietMs);
      quiet.unref();
    },
    reset() {
      flush();
      expected = 0;
    },
  };
}
