/**
 * What other features (and adapters) may use of the wallet: the admission factory's types, the
 * group committer's contract, the ledger's read types, and the seams others implement (the
 * coordinator's PaymentSource and EarningsBook, the OS Encryptor) and the chain client (account, escrow legs) an
 * adapter reads the chain with. The wiring lives in container.ts.
 */
export type { GroupCommit, GroupCommitOptions } from './group-commit';
export type { LedgerAdmissionDeps } from './ledger-admission';
export type { CloseResult, EntryKind, Ledger, LedgerEntry, ReservationRow, ReservationState, ReserveInput, ReserveResult, ScopeSpec } from './ledger-types';
export type { Encryptor } from './key-store';
export type { ReconcileReport } from './reconcile';
export type { ChainLegs, EarningsBook, PaymentLookup, PaymentRole, PaymentSource, RemotePayment, RemoteState } from './reconcile-types';
export { createChainClient, type ChainClient, type ChainEscrow } from './chain-client';
export type { WalletFeature, WalletFeatureOptions, WalletNotice } from './wallet-feature';
