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
  };
}
