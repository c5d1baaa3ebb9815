import type { TreeUsage } from './process-tree';

/** The plan's defaults (issue #16: CPU 80 %, memory 70 %), held for a few samples before acting. */
export interface ResourceLimits {
  cpuPercent: number;
  memPercent: number;
  /** Samples in a row over (or back under) the limits before pausing (or resuming). */
  sustainedSamples: number;
}

export const DEFAULT_RESOURCE_LIMITS: ResourceLimits = { cpuPercent: 80, memPercent: 70, sustainedSamples: 3 };

export interface GuardState {
  over: number;
  under: number;
  paused: boolean;
  reason: string | null;
}

export const initialGuardState: GuardState = { over: 0, under: 0, paused: false, reason: null };

/** Why this sample is over the limits, or null. */
export function overLimits(u: TreeUsage, l: ResourceLimits): string | null {
  const why: string[] = [];
  if (u.cpuPercent > l.cpuPercent) why.push(`CPU ${u.cpuPercent.toFixed(0)} % > ${l.cpuPercent} %`);
  if (u.memPercent > l.memPercent) why.push(`memory ${u.memPercent.toFixed(0)} % > ${l.memPercent} %`);
  return why.length ? `the OpenClaw gateway's processes use ${why.join(' and ')} of this machine` : null;
}

/**
 * One sample: a runaway tree (over a limit `sustainedSamples` times in a row) pauses the agents' network
 * spend; as many samples back under the limits resume it. `action` says what changed.
 */
export function guardStep(s: GuardState, u: TreeUsage, l: ResourceLimits): { state: GuardState; action: 'pause' | 'resume' | null } {
  const why = overLimits(u, l);
  if (why) {
    const over = s.over + 1;
    if (!s.paused && over >= l.sustainedSamples) return { state: { over, under: 0, paused: true, reason: why }, action: 'pause' };
    return { state: { ...s, over, under: 0, reason: s.paused ? why : s.reason }, action: null };
  }
  const under = s.under + 1;
  if (s.paused && under >= l.sustainedSamples) return { state: { over: 0, under, paused: false, reason: null }, action: 'resume' };
  return { state: { ...s, over: 0, under }, action: null };
}
