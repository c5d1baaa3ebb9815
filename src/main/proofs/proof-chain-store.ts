import { hash } from 'node:crypto';
import { canonicalFlatJson, canonicalKeyOrder } from '../../shared/domain/canonical-json';
import type { ProofStatus } from '../../shared/contract/proofs';
import type { Db } from '../store/database';

/** The first link's `prev_hash`. */
export const GENESIS_HASH = '0'.repeat(64);

/** One stored link, as in SQLite. */
export interface ChainLinkRow {
  seq: number;
  at_ms: number;
  request_id: string;
  agent_id: string | null;
  model: string;
  model_digest: string | null;
  backend: 'local' | 'network';
  network: string | null;
  job_id: string | null;
  commitment: string;
  receipt_json: string | null;
  receipt_sha256: string | null;
  prev_hash: string;
  link_hash: string;
}

/** A link before it is hashed and appended. */
export type NewLink = Omit<ChainLinkRow, 'seq' | 'prev_hash' | 'link_hash' | 'receipt_sha256'>;

/** SHA-256 of a string's UTF-8 bytes or of bytes, as hex (one-shot: no Hash object per call). */
export const sha256Hex = (data: string | Uint8Array): string => hash('sha256', data, 'hex');

const LINK_KEYS = canonicalKeyOrder(['seq', 'at_ms', 'request_id', 'agent_id', 'model', 'model_digest', 'backend', 'network', 'job_id', 'commitment', 'receipt_sha256', 'prev_hash']);

/** The link hash: sha256 over canonical JSON of every field except the hash itself (receipt by its sha256). */
export function computeLinkHash(row: Omit<ChainLinkRow, 'link_hash' | 'receipt_json'>): string {
  // Exactly canonicalJson of those twelve members (flat: strings, integers, nulls), rendered without the generic walk.
  return sha256Hex(canonicalFlatJson(row as unknown as Record<string, string | number | null>, LINK_KEYS));
}

/** A link's stored status row. */
export interface StatusRow {
  seq: number;
  status: ProofStatus;
  reason: string;
  checked_ms: number;
}

/** SQLite access for the chain, its statuses and the pinned keys. Appends are serialized by a transaction. */
export function createProofChainStore(db: Db) {
  const head = db.prepare<[], { seq: number; link_hash: string }>('SELECT seq, link_hash FROM proof_chain ORDER BY seq DESC LIMIT 1');
  const insert = db.prepare(
    `INSERT INTO proof_chain (seq, at_ms, request_id, agent_id, model, model_digest, backend, network, job_id, commitment, receipt_json, receipt_sha256, prev_hash, link_hash)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  );
  /** Chains one link onto `prev` and inserts it (positional binding). */
  const chainOnto = (link: NewLink, prev: { seq: number; link_hash: string } | undefined): ChainLinkRow => {
    // Built field by field (no spread copies of the link per append): the hashed members, then the hash.
    const r = {
      seq: (prev?.seq ?? 0) + 1,
      at_ms: link.at_ms,
      request_id: link.request_id,
      agent_id: link.agent_id,
      model: link.model,
      model_digest: link.model_digest,
      backend: link.backend,
      network: link.network,
      job_id: link.job_id,
      commitment: link.commitment,
      receipt_json: link.receipt_json,
      receipt_sha256: link.receipt_json === null ? null : sha256Hex(link.receipt_json),
      prev_hash: prev?.link_hash ?? GENESIS_HASH,
      link_hash: '',
    };
    r.link_hash = computeLinkHash(r);
    insert.run(r.seq, r.at_ms, r.request_id, r.agent_id, r.model, r.model_digest, r.backend, r.network, r.job_id, r.commitment, r.receipt_json, r.receipt_sha256, r.prev_hash, r.link_hash);
    return r;
  };
  /** Appends links in order in one transaction; the head is read once (inside it), then kept as the chain grows. */
  const appendMany = db.transaction((links: readonly NewLink[]): ChainLinkRow[] => {
    let prev = head.get();
    return links.map((link) => (prev = chainOnto(link, prev)));
  });
  const upsertStatus = db.prepare(
    `INSERT INTO proof_status (seq, status, reason, checked_ms) VALUES (@seq, @status, @reason, @checked_ms)
     ON CONFLICT(seq) DO UPDATE SET status = excluded.status, reason = excluded.reason, checked_ms = excluded.checked_ms`,
  );
  return {
    appendMany,
    count: (): number => (db.prepare('SELECT COUNT(*) AS n FROM proof_chain').get() as { n: number }).n,
    headSeq: (): number => head.get()?.seq ?? 0,
    get: (seq: number): ChainLinkRow | null => (db.prepare('SELECT * FROM proof_chain WHERE seq = ?').get(seq) as ChainLinkRow | undefined) ?? null,
    /** Newest first, for the timeline. */
    page: (limit: number, beforeSeq?: number): ChainLinkRow[] =>
      db.prepare('SELECT * FROM proof_chain WHERE seq < ? ORDER BY seq DESC LIMIT ?').all(beforeSeq ?? Number.MAX_SAFE_INTEGER, limit) as ChainLinkRow[],
    /** Oldest first, in batches, for verify-all. */
    range: (afterSeq: number, limit: number): ChainLinkRow[] =>
      db.prepare('SELECT * FROM proof_chain WHERE seq > ? ORDER BY seq ASC LIMIT ?').all(afterSeq, limit) as ChainLinkRow[],
    status: (seq: number): StatusRow | null => (db.prepare('SELECT * FROM proof_status WHERE seq = ?').get(seq) as StatusRow | undefined) ?? null,
    statuses: (seqs: number[]): Map<number, StatusRow> => {
      if (seqs.length === 0) return new Map();
      const rows = db.prepare(`SELECT * FROM proof_status WHERE seq IN (${seqs.map(() => '?').join(',')})`).all(...seqs) as StatusRow[];
      return new Map(rows.map((r) => [r.seq, r]));
    },
    setStatus: (row: StatusRow): void => void upsertStatus.run(row),
    setStatuses: db.transaction((rows: StatusRow[]) => {
      for (const r of rows) upsertStatus.run(r);
    }),
    keys: (): Array<{ network: string; public_key: string; source: 'devnet' | 'user'; pinned_ms: number }> =>
      db.prepare('SELECT * FROM proof_keys ORDER BY network').all() as Array<{ network: string; public_key: string; source: 'devnet' | 'user'; pinned_ms: number }>,
    pinKey: (network: string, publicKeyHex: string, source: 'devnet' | 'user', atMs: number): void =>
      void db
        .prepare(
          `INSERT INTO proof_keys (network, public_key, source, pinned_ms) VALUES (?, ?, ?, ?)
           ON CONFLICT(network) DO UPDATE SET public_key = excluded.public_key, source = excluded.source, pinned_ms = excluded.pinned_ms`,
        )
        .run(network, publicKeyHex, source, atMs),
    /** Forgets every stored status (after a key change, links are re-checked). */
    clearStatuses: (): void => void db.exec('DELETE FROM proof_status'),
  };
}

export type ProofChainStore = ReturnType<typeof createProofChainStore>;
