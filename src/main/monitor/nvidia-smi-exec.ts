import { execFile } from 'node:child_process';

/** Outcome of a one-shot nvidia-smi query: errors are values, "not installed" is its own case. */
export type QueryResult =
  | { ok: true; stdout: string }
  | { ok: false; absent: boolean; code: string; message: string };

/** First non-empty line of nvidia-smi's output: it prints its errors on stdout, not stderr. */
export function firstLine(text: string, max = 200): string {
  const line = text.split(/\r?\n/).find((l) => l.trim() !== '') ?? '';
  return line.trim().slice(0, max);
}

/**
 * Runs one short nvidia-smi query without a shell, bounded by `timeoutMs` (a wedged driver must not
 * leave us waiting) and cancellable with `signal` (the sampler aborts in-flight queries on stop()).
 */
export function runQuery(binary: string, args: string[], timeoutMs: number, signal?: AbortSignal): Promise<QueryResult> {
  return new Promise((resolve) => {
    execFile(
      binary,
      args,
      { timeout: timeoutMs, killSignal: 'SIGKILL', windowsHide: true, maxBuffer: 1 << 20, signal },
      (err, stdout, stderr) => {
        if (!err) return resolve({ ok: true, stdout });
        const e = err as NodeJS.ErrnoException & { killed?: boolean; code?: string | number };
        if (e.code === 'ENOENT') return resolve({ ok: false, absent: true, code: 'ENOENT', message: 'nvidia-smi not found' });
        if (e.name === 'AbortError') return resolve({ ok: false, absent: false, code: 'ABORTED', message: 'cancelled' });
        if (e.killed) {
          return resolve({ ok: false, absent: false, code: 'TIMEOUT', message: `nvidia-smi did not answer within ${timeoutMs} ms` });
        }
        const detail = firstLine(stdout) || firstLine(stderr) || e.message;
        resolve({ ok: false, absent: false, code: `EXIT_${String(e.code ?? 'UNKNOWN')}`, message: detail });
      },
    );
  });
}
