import { z } from 'zod';

/** The provider's team (LAN) listener: off unless the person binds a LAN address; TLS only. */
export const teamListenerSchema = z.object({
  state: z.enum(['off', 'starting', 'listening', 'refused', 'error']),
  /** https://<address>:<port> while listening. */
  url: z.string().nullable(),
  message: z.string(),
  /** SHA-256 fingerprint of ClawGrid's own certificate (AA:BB:…), for clients to pin. */
  fingerprint256: z.string().nullable(),
  /** SHA-256 of its public key, base64 (curl `--pinnedpubkey sha256//…`). */
  spkiSha256: z.string().nullable(),
  /** Requests per minute per agent key for peers off this machine. */
  rateLimitPerMinute: z.number().int(),
});
export type TeamListener = z.infer<typeof teamListenerSchema>;

/** One peer address + agent that talked to the provider since ClawGrid started. */
export const teamPeerSchema = z.object({
  address: z.string(),
  /** True for this machine (127.x, ::1). */
  local: z.boolean(),
  agentId: z.string(),
  agentName: z.string(),
  requests: z.number().int().nonnegative(),
  /** Requests refused with 429 by the key's rate limit. */
  limited: z.number().int().nonnegative(),
  lastSeenAt: z.number().int(),
});
export type TeamPeer = z.infer<typeof teamPeerSchema>;

/** Calls about serving a team from this machine. */
export const teamCalls = {
  /** The LAN listener (address, certificate fingerprint) and who is connected, most recent first. */
  'team.status': { input: z.object({}).strict(), output: z.object({ listener: teamListenerSchema, peers: z.array(teamPeerSchema) }) },
} as const;
