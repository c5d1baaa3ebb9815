import type { EventHandler } from '../../../transport/event-handler';
import { openclawAgentsKey, openclawUpgradeRunKey } from './openclaw-queries';

/** Both events carry the whole value: the agents overview after each poll, the upgrade run step by step. */
export const openclawEventHandler: EventHandler = {
  'openclaw.agents': (overview, qc) => qc.setQueryData(openclawAgentsKey, overview),
  'openclaw.upgrade': (run, qc) => qc.setQueryData(openclawUpgradeRunKey, run),
};
