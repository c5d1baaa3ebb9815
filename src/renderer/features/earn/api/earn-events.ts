import type { EventHandler } from '../../../transport/event-handler';
import { earnEarningsKey, earnJobsKey, earnStatusKey } from './earn-queries';

/** `earn.status` carries the whole status; a change may mean a job served or an earning booked. */
export const earnEventHandler: EventHandler = {
  'earn.status': (status, qc) => {
    qc.setQueryData(earnStatusKey, status);
    void qc.invalidateQueries({ queryKey: earnJobsKey });
    void qc.invalidateQueries({ queryKey: earnEarningsKey });
  },
};
