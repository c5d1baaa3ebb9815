/**
 * What the OpenClaw integration needs from the rest of ClawGrid, as small ports: the engine (#4)
 * provides the real implementations; tests provide their own. Money is AIT decimal strings.
 */

/** A ClawGrid provider key for one OpenClaw agent (keys are shown once, so wiring issues a fresh one). */
export interface AgentKeyIssuer {
  /** Finds or creates the ClawGrid agent for this OpenClaw agent and issues a new key for it. */
  issueKey(openclawAgentId: string): Promise<{ clawgridAgentId: string; key: string }> | { clawgridAgentId: string; key: string };
}

/** One model ClawGrid can serve to OpenClaw, with what OpenClaw's provider config needs. */
export interface CatalogModel {
  /** Exact Ollama tag, e.g. "qwen3:32b". */
  id: string;
  contextLength: number | null;
  /** Ollama capabilities: completion, tools, thinking, vision, embedding. */
  capabilities: string[];
}

/** The models ClawGrid serves (local + network), and a signal when that list changes. */
export interface CatalogSource {
  models(): Promise<CatalogModel[]>;
  /** Returns an unsubscribe function. */
  onChange?(listener: () => void): () => void;
}

/** Per-agent totals from ClawGrid's own metering (OpenClaw reports $0 for Ollama-API providers). */
export interface AgentMetering {
  clawgridAgentId: string;
  requests: number;
  costAit: string;
  backends: { backend: string; requests: number }[];
  /** Consecutive failed requests, most recent first (0 when the last one succeeded). */
  failuresInARow: number;
}

export interface MeteringSource {
  perAgent(clawgridAgentIds: string[]): AgentMetering[];
}

/** Pauses and resumes ClawGrid agents' paid network requests (their local requests go on). */
export interface SpendPause {
  pause(clawgridAgentIds: string[], reason: string): void;
  resume(clawgridAgentIds: string[]): void;
}
