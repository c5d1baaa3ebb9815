import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createIdleWatchdog } from './idle-watchdog';

describe('idle watchdog', () => {
  beforeEach(() => vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'performance'] }));
  afterEach(() => vi.useRealTimers());

  it('fires once after idleMs without activity', () => {
    const fired: number[] = [];
    createIdleWatchdog(5000, (idle) => fired.push(idle));
    vi.advanceTimersByTime(4999);
    expect(fired).toEqual([]);
    vi.advanceTimersByTime(1);
    expect(fired).toEqual([5000]);
    vi.advanceTimersByTime(20_000);
    expect(fired).toHaveLength(1);
  });

  it('activity pushes the deadline back (a healthy 1 Hz stream never trips it)', () => {
    let fired = 0;
    const dog = createIdleWatchdog(5000, () => fired++);
    for (let i = 0; i < 30; i++) {
      vi.advanceTimersByTime(1000);
      dog.touch();
    }
    expect(fired).toBe(0);
    vi.advanceTimersByTime(5000);
    expect(fired).toBe(1);
  });

  it('stop() disarms it', () => {
    let fired = 0;
    const dog = createIdleWatchdog(100, () => fired++);
    dog.stop();
    vi.advanceTimersByTime(1000);
    expect(fired).toBe(0);
  });
});
