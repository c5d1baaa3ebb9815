/**
 * Stops an agent that has gone wild before it burns budget or the GPU: too many requests per minute,
 * or the same tool call repeated over and over (OpenClaw looped 3,363 times against a server that kept
 * returning one tool call). Answered with 429 and the reason.
 */
export interface RunawayGuard {
  /** Null when the request may go ahead, else the message for the 429. */
  check(agentId: string, agentName: string, maxPerMinute: number, messages: readonly unknown[] | undefined, now?: number): string | null;
}

/** Identical consecutive assistant tool calls (same names and arguments) that count as a loop. */
export const TOOL_LOOP_LIMIT = 8;

export function createRunawayGuard(): RunawayGuard {
  // Per agent: request counts per second over the last 60 s (a ring of 60 buckets).
  const windows = new Map<string, { buckets: Uint32Array; stamps: Float64Array }>();
  return {
    check(agentId, agentName, maxPerMinute, messages, now = Date.now()) {
      let w = windows.get(agentId);
      if (!w) windows.set(agentId, (w = { buckets: new Uint32Array(60), stamps: new Float64Array(60) }));
      const sec = Math.floor(now / 1000);
      const slot = sec % 60;
      if (w.stamps[slot] !== sec) {
        w.stamps[slot] = sec;
        w.buckets[slot] = 0;
      }
      let total = 0;
      for (let i = 0; i < 60; i++) if (sec - w.stamps[i]! < 60) total += w.buckets[i]!;
      if (total >= maxPerMinute) return `rate limit for agent ${agentName}: ${maxPerMinute} requests per minute`;
      w.buckets[slot]!++;
      const loop = repeatedToolCall(messages);
      if (loop) return `agent ${agentName} repeated the same tool call ${loop} ${TOOL_LOOP_LIMIT} times in a row; stopped as a runaway loop`;
      return null;
    },
  };
}

/** The signature of a tool call repeated TOOL_LOOP_LIMIT times at the end of the history, else null. */
export function repeatedToolCall(messages: readonly unknown[] | undefined): string | null {
  if (!messages || messages.length < TOOL_LOOP_LIMIT) return null;
  let sig: string | null = null;
  let count = 0;
  for (let i = messages.length - 1; i >= 0 && count < TOOL_LOOP_LIMIT; i--) {
    const m = messages[i] as { role?: unknown; tool_calls?: { function?: { name?: unknown; arguments?: unknown } }[] };
    if (m.role !== 'assistant') continue;
    if (!Array.isArray(m.tool_calls) || m.tool_calls.length === 0) return null;
    const s = m.tool_calls.map((c) => `${String(c.function?.name)}(${typeof c.function?.arguments === 'string' ? c.function.arguments : JSON.stringify(c.function?.arguments ?? {})})`).join(',');
    if (sig === null) sig = s;
    else if (s !== sig) return null;
    count++;
  }
  return count >= TOOL_LOOP_LIMIT ? sig : null;
}
