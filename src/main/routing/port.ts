/**
 * What other features may use of routing: the typed run API, the network and spend ports it consumes
 * (implemented by network/aitbc and wallet), agent lookup, and read-only metering queries.
 */
import type { AgentStore } from './agent-store';
import type { Meter } from './meter';
import type { Engine } from './run-types';

export type { AnswerChunk, AnswerPiece, Engine, InferenceCall, PieceMetrics, RunAnswer, RunError, RunResult } from './run-types';
export { answerText } from './answer-text';
export { inferenceCall, type CallInput } from './call-input';
export { errorOf } from './local-answer';
export { NetworkError, offlineNetwork, type NetworkBackend, type NetworkHealth, type NetworkInferenceRequest, type NetworkInferenceResult, type NetworkOffer, type NetworkPayment } from './network-backend';
export { allowAllAdmission, type Admission, type AdmissionDecision, type AdmissionRequest, type Reservation } from './admission';
export type { ExecutedRequest, OnExecuted } from './execution-port';
export type { AgentUsage } from './meter';
export type { RegisteredProviderModel } from './model-listing';
export { DEFAULT_AGENT_ID, type KeyLookup } from './agent-store';
export type { ProviderGate, ProviderIntercept } from './provider-server';

/** Agents as other features look them up (and issue keys for OpenClaw). */
export type RoutingAgents = Pick<AgentStore, 'get' | 'list' | 'create' | 'createKey'>;

/** Read-only metering queries over every recorded request (persisted and not yet flushed). */
export type RoutingMeter = Pick<Meter, 'requestsSince' | 'agentUsage' | 'recent' | 'subscribe'>;

/** The running routing feature as other features (through adapters) use it. */
export interface RoutingPort {
  readonly engine: Engine;
  readonly agents: RoutingAgents;
  readonly meter: RoutingMeter;
  /** The provider's bound port, or null before it listens. */
  providerPort(): number | null;
}
