/**
 * Turns Ollama's `/api/pull` progress lines (one per layer update: `{status, digest?, total?, completed?}`)
 * into what a progress bar needs: bytes done of bytes known, speed and ETA. Layers arrive in sequence, so
 * the total grows as each new layer appears. A resumed pull reports the bytes already on disk in its first
 * line per layer: those count as done but not as speed.
 */

/** One line of the `/api/pull` NDJSON stream (reference: ollama-api.md §10). */
export interface PullLine {
  status: string;
  digest?: string;
  total?: number;
  completed?: number;
}

export interface PullSnapshot {
  status: string;
  completedBytes: number;
  totalBytes: number;
  /** Download speed over the last few seconds; null until two samples are apart in time. */
  bytesPerSec: number | null;
  etaSec: number | null;
  done: boolean;
}

const SPEED_WINDOW_MS = 3000;

export interface PullTracker {
  push(line: PullLine, atMs: number): PullSnapshot;
  snapshot(): PullSnapshot;
}

export function createPullTracker(): PullTracker {
  const layers = new Map<string, { total: number; completed: number }>();
  /** Bytes downloaded in this run (resumed bytes excluded), sampled over time for the speed. */
  let downloaded = 0;
  const samples: { t: number; bytes: number }[] = [];
  let status = 'starting';
  let done = false;

  const compute = (): PullSnapshot => {
    let completedBytes = 0;
    let totalBytes = 0;
    for (const l of layers.values()) {
      completedBytes += Math.min(l.completed, l.total);
      totalBytes += l.total;
    }
    let bytesPerSec: number | null = null;
    if (samples.length >= 2) {
      const first = samples[0]!;
      const last = samples[samples.length - 1]!;
      const dt = last.t - first.t;
      if (dt > 0) bytesPerSec = ((last.bytes - first.bytes) * 1000) / dt;
    }
    const remaining = Math.max(0, totalBytes - completedBytes);
    const etaSec = done ? 0 : bytesPerSec && bytesPerSec > 0 ? remaining / bytesPerSec : null;
    return { status, completedBytes, totalBytes, bytesPerSec, etaSec, done };
  };

  return {
    push(line, atMs) {
      status = line.status;
      if (line.status === 'success') done = true;
      if (line.digest && typeof line.total === 'number' && line.total >= 0) {
        const prev = layers.get(line.digest);
        const completed = typeof line.completed === 'number' ? Math.max(0, line.completed) : 0;
        if (prev) {
          if (completed > prev.completed) downloaded += completed - prev.completed;
          prev.completed = Math.max(prev.completed, completed);
          prev.total = line.total;
        } else {
          // First sight of a layer: bytes already there (resume, or a layer on disk) are not speed.
          layers.set(line.digest, { total: line.total, completed });
        }
      }
      samples.push({ t: atMs, bytes: downloaded });
      while (samples.length > 2 && atMs - samples[0]!.t > SPEED_WINDOW_MS) samples.shift();
      return compute();
    },
    snapshot: compute,
  };
}

/**
 * Leading + trailing throttle: the first call runs at once, later ones at most every `intervalMs`, and the
 * last value is always delivered. Used so the UI never gets more than ~10 progress updates a second.
 */
export function createThrottle<T>(
  intervalMs: number,
  deliver: (value: T) => void,
  clock: { now(): number; setTimeout(fn: () => void, ms: number): unknown; clearTimeout(handle: unknown): void },
): { push(value: T): void; flush(): void; cancel(): void } {
  let last = -Infinity;
  let pending: { value: T } | null = null;
  let timer: unknown = null;
  const fire = () => {
    timer = null;
    if (!pending) return;
    const { value } = pending;
    pending = null;
    last = clock.now();
    deliver(value);
  };
  return {
    push(value) {
      pending = { value };
      const wait = last + intervalMs - clock.now();
      if (wait <= 0) {
        if (timer !== null) clock.clearTimeout(timer);
        fire();
      } else if (timer === null) {
        timer = clock.setTimeout(fire, wait);
      }
    },
    flush() {
      if (timer !== null) clock.clearTimeout(timer);
      fire();
    },
    cancel() {
      if (timer !== null) clock.clearTimeout(timer);
      timer = null;
      pending = null;
    },
  };
}
