import type { Frame, FrameToolCall } from './ollama-frames';
import { openAiError } from './openai-errors';

/** Who the answer is for: chat or text completion, its id, creation time, model name and usage wish. */
export interface EncodeMeta {
  kind: 'chat' | 'generate';
  id: string;
  /** Unix seconds. */
  created: number;
  /** The model name as the client asked for it (suffix included), as OpenAI echoes it. */
  model: string;
  /** stream_options.include_usage: a last chunk with `usage` and no choices. */
  includeUsage: boolean;
}

export const SYSTEM_FINGERPRINT = 'fp_clawgrid';

/** An OpenAI-side encoder for one answer; it carries the state a stream needs (tool-call indexes, the end). */
export interface OpenAiEncoder {
  /** The SSE text (`data: {…}\n\n` events, `data: [DONE]` after the last) for one frame; '' when nothing to say. */
  sse(f: Frame): string;
  /** The whole non-streamed answer (chat.completion / text_completion) from the frames of a whole answer. */
  whole(frames: readonly Frame[]): Record<string, unknown>;
}

const usageOf = (f: Pick<Frame, 'promptTokens' | 'evalTokens'>) => ({ prompt_tokens: f.promptTokens, completion_tokens: f.evalTokens, total_tokens: f.promptTokens + f.evalTokens });

/** Ollama's tool-call arguments are objects; OpenAI's are JSON strings. */
function toolCallOut(t: FrameToolCall, index: number, fallbackId: string) {
  return { id: t.id ?? fallbackId, index, type: 'function' as const, function: { name: t.function.name, arguments: typeof t.function.arguments === 'string' ? t.function.arguments : JSON.stringify(t.function.arguments) } };
}

const event = (o: unknown) => `data: ${JSON.stringify(o)}\n\n`;

export function createOpenAiEncoder(m: EncodeMeta): OpenAiEncoder {
  let toolIndex = 0;
  let ended = false;
  const head = { id: m.id, object: m.kind === 'chat' ? 'chat.completion.chunk' : 'text_completion', created: m.created, model: m.model, system_fingerprint: SYSTEM_FINGERPRINT };
  const usageNull = m.includeUsage ? { usage: null } : {};
  const finishOf = (reason: string | null) => (toolIndex > 0 ? 'tool_calls' : reason === 'length' ? 'length' : 'stop');
  const calls = (list: FrameToolCall[]) => list.map((t) => toolCallOut(t, toolIndex, `call_${m.id.slice(-12)}_${toolIndex++}`));
  const choice = (f: Frame | null, finish: string | null) => {
    if (m.kind === 'generate') return { text: f?.content ?? '', index: 0, logprobs: null, finish_reason: finish };
    const delta: Record<string, unknown> = f ? { role: 'assistant', content: f.content } : {};
    if (f?.thinking) delta.reasoning = f.thinking;
    if (f?.toolCalls.length) delta.tool_calls = calls(f.toolCalls);
    return { index: 0, delta, finish_reason: finish };
  };

  return {
    sse(f) {
      if (ended) return '';
      if (f.error !== null) {
        ended = true;
        return event({ error: openAiError(500, f.error) });
      }
      let out = '';
      if (f.content || f.thinking || f.toolCalls.length) out += event({ ...head, choices: [choice(f, null)], ...usageNull });
      if (f.done) {
        ended = true;
        out += event({ ...head, choices: [choice(null, finishOf(f.doneReason))], ...usageNull });
        if (m.includeUsage) out += event({ ...head, choices: [], usage: usageOf(f) });
        out += 'data: [DONE]\n\n';
      }
      return out;
    },
    whole(frames) {
      let content = '';
      let thinking = '';
      const tools: FrameToolCall[] = [];
      const last = frames.at(-1);
      for (const f of frames) {
        content += f.content;
        thinking += f.thinking;
        tools.push(...f.toolCalls);
      }
      const base = { id: m.id, object: m.kind === 'chat' ? 'chat.completion' : 'text_completion', created: m.created, model: m.model, system_fingerprint: SYSTEM_FINGERPRINT };
      const usage = usageOf(last ?? { promptTokens: 0, evalTokens: 0 });
      if (m.kind === 'generate') return { ...base, choices: [{ text: content, index: 0, logprobs: null, finish_reason: finishOf(last?.doneReason ?? null) }], usage };
      const message: Record<string, unknown> = { role: 'assistant', content };
      if (thinking) message.reasoning = thinking;
      if (tools.length) message.tool_calls = calls(tools).map(({ index: _index, ...t }) => t);
      return { ...base, choices: [{ index: 0, message, logprobs: null, finish_reason: finishOf(last?.doneReason ?? null) }], usage };
    },
  };
}
