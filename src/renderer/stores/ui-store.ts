import { create } from 'zustand';
import type { PageId } from '../app/pages';

/** UI-only state of the shell. Data from main never lives here (that is TanStack Query's job). */
export interface UiState {
  page: PageId;
  setPage(page: PageId): void;
}

export const useUiStore = create<UiState>()((set) => ({
  page: 'dashboard',
  setPage: (page) => set({ page }),
}));
