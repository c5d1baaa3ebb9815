/**
 * What other features (and adapters) may use of the wallet: the admission factory's types, the
 * group committer's contract, the ledger's read types, and the seams others implement (the
 * coordinator's PaymentSource, the OS Encryptor). Types only — the wiring lives in container.ts.
 */
export type { GroupCommit, GroupCommitOptions } from './group-commit';
export type { LedgerAdmissionDeps } from './ledger-admission';
export type { CloseResult, EntryKind, Ledger, LedgerEntry, ReservationRow, ReservationState, ReserveInput, ReserveResult, ScopeSpec } from './ledger-types';
export type { Encryptor } from './key-store';
export type { PaymentSource, RemotePayment, ReconcileReport } from './reconcile';
export type { WalletFeature, WalletFeatureOptions, WalletNotice } from './wallet-feature';
