import { describe, expect, it } from 'vitest';
import { backoffDelay, decide, initialSupervisorState, nextWake, type SupervisorEvent, type SupervisorPolicy, type SupervisorState } from './gateway-supervisor-policy';

const policy: SupervisorPolicy = { healthEveryMs: 30_000, startupGraceMs: 60_000, failuresBeforeRestart: 2, backoffBaseMs: 1_000, backoffMaxMs: 16_000, stableAfterMs: 120_000 };

/** Drives the policy with a fake clock; `actions` collects what the glue would do. */
function machine() {
  let s: SupervisorState = initialSupervisorState();
  let now = 0;
  const actions: string[] = [];
  const send = (e: Omit<SupervisorEvent, 'now'> & { type: SupervisorEvent['type'] }) => {
    const step = decide(s, { ...e, now } as SupervisorEvent, policy);
    s = step.state;
    actions.push(...step.actions.map((a) => a.type));
    return step;
  };
  return {
    send,
    at: (t: number) => void (now = t),
    /** Advance the clock to the next wake-up and deliver the tick. */
    wake() {
      const at = nextWake(s);
      if (at === null) throw new Error(`nothing scheduled in phase ${s.phase}`);
      now = Math.max(now, at);
      return send({ type: 'tick' });
    },
    get s() {
      return s;
    },
    get now() {
      return now;
    },
    actions,
  };
}

describe('gateway supervisor policy', () => {
  it('backs off exponentially up to the cap', () => {
    expect([1, 2, 3, 4, 5, 6, 9].map((n) => backoffDelay(n, policy))).toEqual([1_000, 2_000, 4_000, 8_000, 16_000, 16_000, 16_000]);
  });

  it('starts, becomes healthy, and then probes every 30 s', () => {
    const m = machine();
    m.send({ type: 'start' });
    expect(m.actions).toEqual(['spawn']);
    m.send({ type: 'spawned' });
    expect(m.wake().actions).toEqual([{ type: 'probe' }]);
    m.send({ type: 'probe', live: true, message: 'ok' } as SupervisorEvent);
    expect(m.s.phase).toBe('running');
    expect(nextWake(m.s)).toBe(m.now + 30_000);
  });

  it('restarts a crashed gateway after a growing delay, counting restarts and keeping the last error', () => {
    const m = machine();
    m.send({ type: 'start' });
    m.send({ type: 'spawned' });
    const delays: number[] = [];
    for (let i = 0; i < 4; i++) {
      m.send({ type: 'exited', code: 1, signal: null, tail: 'EADDRINUSE 18789' } as SupervisorEvent);
      expect(m.s.phase).toBe('backoff');
      delays.push(m.s.restartAt! - m.now);
      expect(m.wake().actions).toEqual([{ type: 'spawn' }]);
      m.send({ type: 'spawned' });
    }
    expect(delays).toEqual([1_000, 2_000, 4_000, 8_000]);
    expect(m.s.restarts).toBe(4);
    expect(m.s.lastError).toBe('gateway exited with code 1: EADDRINUSE 18789');
  });

  it('one failed probe is tolerated; two in a row kill and restart it', () => {
    const m = machine();
    m.send({ type: 'start' });
    m.send({ type: 'spawned' });
    m.wake();
    m.send({ type: 'probe', live: true, message: '' } as SupervisorEvent);
    m.wake();
    expect(m.send({ type: 'probe', live: false, message: 'timeout' } as SupervisorEvent).actions).toEqual([]);
    expect(m.s.phase).toBe('running');
    m.wake();
    expect(m.send({ type: 'probe', live: false, message: 'timeout' } as SupervisorEvent).actions).toEqual([{ type: 'kill', reason: 'gateway failed 2 health checks in a row: timeout' }]);
    expect(m.s.phase).toBe('backoff');
    expect(m.s.restarts).toBe(1);
    // The exit that follows our own kill is not counted twice.
    m.send({ type: 'exited', code: null, signal: 'SIGTERM', tail: '' } as SupervisorEvent);
    expect(m.s.restarts).toBe(1);
    expect(m.wake().actions).toEqual([{ type: 'spawn' }]);
  });

  it('a gateway that never becomes healthy within the startup grace is killed and restarted', () => {
    const m = machine();
    m.send({ type: 'start' });
    m.send({ type: 'spawned' });
    let killed = false;
    while (!killed) {
      m.wake();
      killed = m.send({ type: 'probe', live: false, message: 'No gateway is listening' } as SupervisorEvent).actions.some((a) => a.type === 'kill');
    }
    expect(m.now).toBeGreaterThanOrEqual(60_000);
    expect(m.s.lastError).toContain('did not become healthy within 60 s');
  });

  it('a run that stayed healthy long enough resets the backoff', () => {
    const m = machine();
    m.send({ type: 'start' });
    m.send({ type: 'spawned' });
    for (let i = 0; i < 3; i++) {
      m.send({ type: 'exited', code: 1, signal: null, tail: '' } as SupervisorEvent);
      m.wake();
      m.send({ type: 'spawned' });
    }
    expect(m.s.attempt).toBe(3);
    m.wake();
    m.send({ type: 'probe', live: true, message: '' } as SupervisorEvent);
    for (let i = 0; i < 5; i++) {
      m.wake();
      m.send({ type: 'probe', live: true, message: '' } as SupervisorEvent);
    }
    expect(m.s.attempt).toBe(0);
    m.send({ type: 'exited', code: 1, signal: null, tail: '' } as SupervisorEvent);
    expect(m.s.restartAt! - m.now).toBe(1_000);
  });

  it('stop kills it, and its exit does not trigger a restart', () => {
    const m = machine();
    m.send({ type: 'start' });
    m.send({ type: 'spawned' });
    expect(m.send({ type: 'stop' }).actions).toEqual([{ type: 'kill', reason: 'stop requested' }]);
    m.send({ type: 'exited', code: 0, signal: null, tail: '' } as SupervisorEvent);
    expect(m.s.phase).toBe('stopped');
    expect(m.s.restarts).toBe(0);
    expect(nextWake(m.s)).toBeNull();
  });

  it('stop during a backoff cancels the pending restart', () => {
    const m = machine();
    m.send({ type: 'start' });
    m.send({ type: 'spawned' });
    m.send({ type: 'exited', code: 1, signal: null, tail: '' } as SupervisorEvent);
    expect(m.send({ type: 'stop' }).actions).toEqual([]);
    expect(m.s.phase).toBe('stopped');
    m.at(1_000_000);
    expect(m.send({ type: 'tick' }).actions).toEqual([]);
  });
});
