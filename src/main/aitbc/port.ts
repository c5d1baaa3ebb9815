// What other features may use of the AITBC wire client: the coordinator client, its errors, the typed HTTP
// layer and the miner-wire schemas (the miner runtime speaks the miner endpoints through these), backoff.
export { createAitbcClient, type AitbcClient, type AitbcClientOptions, type CreateJobInput, type JobConstraints, type ListJobsQuery } from './aitbc-client';
export { AitbcError, type AitbcErrorKind } from './aitbc-errors';
export { createCoordinatorHttp, normalizeBaseUrl, type CallOptions, type CoordinatorHttp, type HttpOptions } from './aitbc-http';
export { resolveMarketplaceUrl } from './marketplace-url';
export { backoffDelay, sleep, type Backoff } from './sleep';
export {
  assignedJobSchema,
  minerRegisterResponseSchema,
  minerResultResponseSchema,
  okResponseSchema,
  TERMINAL_STATES,
  type AssignedJob,
  type GpuListing,
  type JobState,
  type JobView,
  type MarketOffer,
  type Receipt,
} from './wire-schemas';
export { type ChainHealth, type PaymentCreate, type V025Calls, type V025Payment } from './aitbc-v025';
export { signEscrowLock, type EscrowSigner } from './escrow-lock-sign';
