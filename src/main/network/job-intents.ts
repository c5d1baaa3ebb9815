import type { Db } from '../store/database';

export type IntentState = 'sending' | 'created' | 'uncertain' | 'not_created';

export interface JobIntent {
  network: string;
  requestId: string;
  state: IntentState;
  jobId: string | null;
  /** When the POST was (last) sent, epoch ms. */
  sentAt: number;
}

/** Durable record of "we are about to POST this paid job" (table aitbc_job_intents, migration 2). */
export interface JobIntentStore {
  get(network: string, requestId: string): JobIntent | null;
  /** Records the intent before the POST; returns false when another caller holds it in `sending`. */
  beginSend(network: string, requestId: string, now?: number): boolean;
  mark(network: string, requestId: string, state: IntentState, jobId?: string | null): void;
  /** A request's intents on `network`: its first job (`requestId`) and any it moved to (`requestId~2`, `~3`). */
  forRequest(network: string, requestId: string): JobIntent[];
  /** Whether any network holds an intent for this request (e.g. one the person switched away from). */
  anyNetwork(requestId: string): boolean;
}

interface Row {
  network: string;
  request_id: string;
  state: IntentState;
  job_id: string | null;
  sent_at: string;
}

export function createJobIntentStore(db: Db): JobIntentStore {
  const select = db.prepare<[string, string], Row>('SELECT * FROM aitbc_job_intents WHERE network = ? AND request_id = ?');
  const upsert = db.prepare(
    `INSERT INTO aitbc_job_intents (network, request_id, state, job_id, sent_at, updated_at) VALUES (@network, @requestId, 'sending', NULL, @at, @at)
     ON CONFLICT (network, request_id) DO UPDATE SET state = 'sending', sent_at = @at, updated_at = @at WHERE state = 'not_created'`,
  );
  const update = db.prepare('UPDATE aitbc_job_intents SET state = ?, job_id = COALESCE(?, job_id), updated_at = ? WHERE network = ? AND request_id = ?');
  // '~' is 0x7e: every "<id>~n" sorts between "<id>~" and "<id>\x7f", so the primary key serves the range.
  const family = db.prepare<[string, string, string, string], Row>(
    'SELECT * FROM aitbc_job_intents WHERE network = ? AND (request_id = ? OR (request_id >= ? AND request_id < ?)) ORDER BY sent_at',
  );
  const anywhere = db.prepare<[string], { one: number }>('SELECT 1 AS one FROM aitbc_job_intents WHERE request_id = ? LIMIT 1');
  const toIntent = (r: Row): JobIntent => ({ network: r.network, requestId: r.request_id, state: r.state, jobId: r.job_id, sentAt: Date.parse(r.sent_at) });
  return {
    get(network, requestId) {
      const r = select.get(network, requestId);
      return r ? toIntent(r) : null;
    },
    beginSend(network, requestId, now = Date.now()) {
      const info = upsert.run({ network, requestId, at: new Date(now).toISOString() });
      return info.changes === 1;
    },
    mark(network, requestId, state, jobId = null) {
      update.run(state, jobId, new Date().toISOString(), network, requestId);
    },
    forRequest: (network, requestId) => family.all(network, requestId, `${requestId}~`, `${requestId}\x7f`).map(toIntent),
    anyNetwork: (requestId) => anywhere.get(requestId) !== undefined,
  };
}
