/** Detects a silent producer (a wedged driver) with one lazily re-armed timer, not one timer per line. */
export interface IdleWatchdog {
  /** Records activity; costs a clock read, no timer work. */
  touch(): void;
  stop(): void;
}

/** Calls `onIdle(idleMs)` once when `touch()` has not been called for `idleMs`. Timers are unref()ed. */
export function createIdleWatchdog(idleMs: number, onIdle: (idleMs: number) => void): IdleWatchdog {
  let last = performance.now();
  let timer: NodeJS.Timeout | undefined;
  const arm = (ms: number) => {
    timer = setTimeout(check, ms);
    timer.unref();
  };
  function check(): void {
    const idle = performance.now() - last;
    if (idle < idleMs) return arm(idleMs - idle);
    timer = undefined;
    onIdle(idle);
  }
  arm(idleMs);
  return {
    touch() {
      last = performance.now();
    },
    stop() {
      if (timer) clearTimeout(timer);
      timer = undefined;
    },
  };
}
