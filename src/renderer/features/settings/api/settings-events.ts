import type { EventHandler } from '../../../transport/event-handler';
import { updateStatusKey } from './update-queries';

/** The updater's progress (checking, downloading, ready, deferred) replaces the cached status. */
export const settingsEventHandler: EventHandler = {
  'app.update': (status, qc) => qc.setQueryData(updateStatusKey, status),
};
