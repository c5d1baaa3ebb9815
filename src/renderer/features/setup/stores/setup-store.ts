import { create } from 'zustand';
import { setupStepIds, type SetupStepId } from '../../../../shared/contract/settings';

/** UI state of the setup flow: where the person is and what they skipped (persisted only when the flow ends). */
interface SetupUi {
  step: SetupStepId;
  skipped: SetupStepId[];
  goTo(step: SetupStepId): void;
  /** Leaves the current step: to the next one, noting whether it was skipped. */
  advance(skip: boolean): void;
  back(): void;
}

const at = (step: SetupStepId) => setupStepIds.indexOf(step);

export const useSetupStore = create<SetupUi>()((set) => ({
  step: setupStepIds[0],
  skipped: [],
  goTo: (step) => set({ step }),
  advance: (skip) =>
    set((s) => ({
      step: setupStepIds[Math.min(at(s.step) + 1, setupStepIds.length - 1)]!,
      skipped: skip ? [...new Set([...s.skipped, s.step])] : s.skipped.filter((x) => x !== s.step),
    })),
  back: () => set((s) => ({ step: setupStepIds[Math.max(at(s.step) - 1, 0)]! })),
}));
