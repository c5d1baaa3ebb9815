import type { Admission } from '../admission';

/**
 * An in-test Admission (the wallet's port, not the wallet): agents named in `exhausted` are refused with
 * `budget_exhausted` and that message; everyone else is admitted at no cost. `headroom` feeds the planner.
 */
export function stubAdmission(exhausted: Record<string, string>, headroom: (agentId: string) => string | null = () => null): Admission {
  return {
    headroomAit: headroom,
    admit: async (req) => {
      const message = exhausted[req.agentId];
      return message !== undefined ? { ok: false, code: 'budget_exhausted', message } : { ok: true, reservation: { id: 'r', amountAit: '0', settle() {}, release() {} } };
    },
  };
}
