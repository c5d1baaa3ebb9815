import type { SpendPause } from '../openclaw/ports';
import type { Admission } from '../routing/port';

/**
 * Paused agents' network spend, in memory: the OpenClaw feature pauses the agents of a runaway gateway;
 * the engine's admission (the wallet's, wrapped) refuses them with the reason and reports no headroom, so
 * the planner keeps them local. The persisted spend policies stay as the person set them.
 */
export function createSpendPauses(): SpendPause & { reason(agentId: string): string | null } {
  const paused = new Map<string, string>();
  return {
    pause: (ids, reason) => ids.forEach((id) => paused.set(id, reason)),
    resume: (ids) => ids.forEach((id) => paused.delete(id)),
    reason: (id) => paused.get(id) ?? null,
  };
}

export function pausableAdmission(inner: Admission, pauses: { reason(agentId: string): string | null }): Admission {
  return {
    headroomAit: (agentId) => (pauses.reason(agentId) ? '0' : inner.headroomAit(agentId)),
    admit: async (req, signal) => {
      const why = pauses.reason(req.agentId);
      if (why) return { ok: false, code: 'budget_exhausted', message: `network spend paused for agent "${req.agentId}": ${why}` };
      return inner.admit(req, signal);
    },
  };
}
