/**
 * The gateway supervisor's decisions, pure: given its state and one event (the child started, exited, a
 * health probe answered, a timer fired), the next state and what the process glue must do. No clock, no
 * processes: every time is passed in, so tests drive it with a fake clock.
 */

export interface SupervisorPolicy {
  /** Health probe interval once running (the plan: every 30 s). */
  healthEveryMs: number;
  /** How long a fresh gateway may take to answer /healthz (OpenClaw 2026.9.x listens after ~21 s). */
  startupGraceMs: number;
  /** Failed probes in a row before a running gateway is restarted. */
  failuresBeforeRestart: number;
  backoffBaseMs: number;
  backoffMaxMs: number;
  /** Healthy this long after a start and the backoff starts from the bottom again. */
  stableAfterMs: number;
}

export const DEFAULT_SUPERVISOR_POLICY: SupervisorPolicy = {
  healthEveryMs: 30_000,
  startupGraceMs: 90_000,
  failuresBeforeRestart: 2,
  backoffBaseMs: 2_000,
  backoffMaxMs: 5 * 60_000,
  stableAfterMs: 5 * 60_000,
};

export type SupervisorPhase = 'stopped' | 'starting' | 'running' | 'backoff' | 'stopping';

export interface SupervisorState {
  phase: SupervisorPhase;
  /** Whether the person wants it running (start() until stop()). */
  wanted: boolean;
  startedAt: number | null;
  healthySince: number | null;
  /** Restarts since the last stable run: drives the backoff. */
  attempt: number;
  /** Every restart ClawGrid made (crash or failed health), since ClawGrid started. */
  restarts: number;
  failedProbes: number;
  lastError: string | null;
  lastErrorAt: number | null;
  /** When the next start happens (phase backoff). */
  restartAt: number | null;
  /** When the next probe is due (phases starting and running). */
  probeAt: number | null;
}

export type SupervisorEvent =
  | { type: 'start'; now: number }
  | { type: 'stop'; now: number }
  | { type: 'spawned'; now: number }
  | { type: 'spawn-failed'; now: number; error: string }
  | { type: 'exited'; now: number; code: number | null; signal: string | null; tail: string }
  | { type: 'probe'; now: number; live: boolean; message: string }
  | { type: 'tick'; now: number };

export type SupervisorAction = { type: 'spawn' } | { type: 'kill'; reason: string } | { type: 'probe' };

export function initialSupervisorState(): SupervisorState {
  return { phase: 'stopped', wanted: false, startedAt: null, healthySince: null, attempt: 0, restarts: 0, failedProbes: 0, lastError: null, lastErrorAt: null, restartAt: null, probeAt: null };
}

/** Delay before restart number `attempt` (1-based): base · 2^(attempt−1), capped. */
export function backoffDelay(attempt: number, p: SupervisorPolicy): number {
  return Math.min(p.backoffMaxMs, p.backoffBaseMs * 2 ** Math.max(0, attempt - 1));
}

/** The next moment the glue must wake up for (a probe or a restart), or null. */
export function nextWake(s: SupervisorState): number | null {
  if (s.phase === 'backoff') return s.restartAt;
  if (s.phase === 'starting' || s.phase === 'running') return s.probeAt;
  return null;
}

type Step = { state: SupervisorState; actions: SupervisorAction[] };

function failed(s: SupervisorState, now: number, error: string, p: SupervisorPolicy): SupervisorState {
  const attempt = s.attempt + 1;
  return { ...s, phase: 'backoff', attempt, restarts: s.restarts + 1, failedProbes: 0, healthySince: null, startedAt: null, probeAt: null, lastError: error, lastErrorAt: now, restartAt: now + backoffDelay(attempt, p) };
}

/** One transition. The glue runs the actions in order and feeds their outcomes back as events. */
export function decide(s: SupervisorState, e: SupervisorEvent, p: SupervisorPolicy = DEFAULT_SUPERVISOR_POLICY): Step {
  switch (e.type) {
    case 'start':
      if (s.phase !== 'stopped') return { state: { ...s, wanted: true }, actions: [] };
      return { state: { ...s, wanted: true, phase: 'starting', attempt: 0, startedAt: e.now, probeAt: null }, actions: [{ type: 'spawn' }] };
    case 'stop':
      if (s.phase === 'starting' || s.phase === 'running') return { state: { ...s, wanted: false, phase: 'stopping', probeAt: null }, actions: [{ type: 'kill', reason: 'stop requested' }] };
      if (s.phase === 'stopping') return { state: { ...s, wanted: false }, actions: [] };
      return { state: { ...s, wanted: false, phase: 'stopped', restartAt: null }, actions: [] };
    case 'spawned':
      return { state: { ...s, startedAt: e.now, failedProbes: 0, probeAt: e.now + Math.min(1000, p.healthEveryMs) }, actions: [] };
    case 'spawn-failed':
      return { state: failed(s, e.now, `could not start the gateway: ${e.error}`, p), actions: [] };
    case 'exited': {
      const how = e.signal ? `killed by ${e.signal}` : `exited with code ${e.code ?? 'unknown'}`;
      if (s.phase === 'stopping' || !s.wanted) return { state: { ...s, phase: 'stopped', startedAt: null, healthySince: null, probeAt: null }, actions: [] };
      // A restart we asked for (failed health) already counted; this exit is its consequence.
      if (s.phase === 'backoff') return { state: s, actions: [] };
      return { state: failed(s, e.now, `gateway ${how}${e.tail ? `: ${e.tail}` : ''}`, p), actions: [] };
    }
    case 'probe': {
      if (s.phase !== 'starting' && s.phase !== 'running') return { state: s, actions: [] };
      if (e.live) {
        const healthySince = s.healthySince ?? e.now;
        const stable = e.now - healthySince >= p.stableAfterMs;
        return { state: { ...s, phase: 'running', healthySince, failedProbes: 0, attempt: stable ? 0 : s.attempt, probeAt: e.now + p.healthEveryMs }, actions: [] };
      }
      if (s.phase === 'starting') {
        if (s.startedAt !== null && e.now - s.startedAt >= p.startupGraceMs) {
          const why = `gateway did not become healthy within ${Math.round(p.startupGraceMs / 1000)} s: ${e.message}`;
          return { state: failed(s, e.now, why, p), actions: [{ type: 'kill', reason: why }] };
        }
        return { state: { ...s, probeAt: e.now + Math.min(2000, p.healthEveryMs) }, actions: [] };
      }
      const failedProbes = s.failedProbes + 1;
      if (failedProbes >= p.failuresBeforeRestart) {
        const why = `gateway failed ${failedProbes} health checks in a row: ${e.message}`;
        return { state: failed(s, e.now, why, p), actions: [{ type: 'kill', reason: why }] };
      }
      return { state: { ...s, failedProbes, probeAt: e.now + p.healthEveryMs }, actions: [] };
    }
    case 'tick': {
      if (s.phase === 'backoff' && s.wanted && s.restartAt !== null && e.now >= s.restartAt) {
        return { state: { ...s, phase: 'starting', restartAt: null, startedAt: e.now, probeAt: null }, actions: [{ type: 'spawn' }] };
      }
      if ((s.phase === 'starting' || s.phase === 'running') && s.probeAt !== null && e.now >= s.probeAt) {
        return { state: { ...s, probeAt: null }, actions: [{ type: 'probe' }] };
      }
      return { state: s, actions: [] };
    }
  }
}
