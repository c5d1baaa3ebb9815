/**
 * What the catalog needs from features built beside it. Each is a small interface so the catalog can be
 * wired to the real engine, OpenClaw and metering when they land, and tested without them.
 */
import type { NetworkOffer } from '../routing/port';

/** Network offers of the active network (the engine's NetworkBackend.offers). */
export interface OfferSource {
  offers(): Promise<NetworkOffer[]>;
}

/** A model ClawGrid's provider lists in /api/tags and routes. */
export interface RegisteredModel {
  /** `<model>` or `<model>@<minerId>`. */
  name: string;
  model: string;
  target: 'local' | 'network';
  minerId: string | null;
}

/** ClawGrid's provider list (owned by the engine): what its /api/tags serves. */
export interface ProviderRegistry {
  register(m: RegisteredModel): Promise<void> | void;
  /** Idempotent: unregistering an absent name is not an error. */
  unregister(name: string): Promise<void> | void;
  list(): RegisteredModel[];
}

/** Adds a model to chosen OpenClaw agents' model lists (through the OpenClaw feature's code path). */
export interface AgentModelRegistrar {
  registerModel(agentIds: readonly string[], modelName: string, signal: AbortSignal): Promise<void>;
  /** Idempotent. */
  unregisterModel(agentIds: readonly string[], modelName: string): Promise<void>;
}

/** One request as metering recorded it. */
export interface MeteredRequest {
  /** The name the agent asked for (`<model>` or `<model>@<minerId>`). */
  requestedModel: string;
  servedBy: 'local' | 'network';
  minerId: string | null;
  ok: boolean;
  latencyMs: number;
  ttftMs: number | null;
  evalTokens: number;
  totalTokens: number;
  fallback: boolean;
  costAit: string | null;
  atMs: number;
}

/** Read-only view of the engine's metering table. */
export interface MeteringReader {
  requests(sinceMs: number): MeteredRequest[];
}

/** Runs one request through the engine and returns its decision and result (REST jobs/route). */
export interface JobRouter {
  route(req: { model: string; prompt?: string; messages?: { role: string; content: string }[]; agentId?: string }, signal: AbortSignal): Promise<{ decision: unknown; result: unknown }>;
}

/** Lists and registers OpenClaw agents (REST agents/register). */
export interface AgentDirectory {
  list(): Promise<{ id: string; models: string[] }[]>;
  register(agentId: string, models: readonly string[], signal: AbortSignal): Promise<{ id: string; models: string[] }>;
}
