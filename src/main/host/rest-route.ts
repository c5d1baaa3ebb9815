import type { Logger } from '../log/logger';

/** What a REST handler answers: an HTTP status and a JSON body. */
export interface RestReply {
  status: number;
  body: unknown;
}

/**
 * A REST endpoint a feature contributes to the headless host under `/api/v1/…`. The host runs it only
 * after its Origin and token checks, parses the JSON body (400 when it is not JSON), and sends the reply.
 */
export interface RestRoute {
  method: 'GET' | 'POST' | 'DELETE';
  /** Exact path, e.g. `/api/v1/openclaw/status`. */
  path: string;
  handler(body: unknown, ctx: { log: Logger; signal: AbortSignal }): Promise<RestReply> | RestReply;
}
