import type { Agent } from '../../../shared/contract/routing';
import { inferenceCall } from '../call-input';
import type { InferenceCall } from '../run-types';
import type { ChatCompletionBody, CompletionBody, OpenAiMessage } from './openai-schemas';

/** The engine's call for one OpenAI request, or the 400 (message, offending param). */
export type OpenAiCall = { ok: true; call: InferenceCall; includeUsage: boolean } | { ok: false; message: string; param: string | null };

/** OpenAI sampling fields → Ollama options (as Ollama's own /v1 does: max_tokens → num_predict, stop → array). */
function optionsOf(b: ChatCompletionBody | CompletionBody, maxTokens: number | null | undefined): Record<string, unknown> | undefined {
  const o: Record<string, unknown> = { ...(b.options ?? {}) };
  if (maxTokens !== null && maxTokens !== undefined) o.num_predict = maxTokens;
  const copy = [
    ['temperature', b.temperature],
    ['top_p', b.top_p],
    ['seed', b.seed],
    ['frequency_penalty', b.frequency_penalty],
    ['presence_penalty', b.presence_penalty],
  ] as const;
  for (const [k, v] of copy) if (v !== null && v !== undefined) o[k] = v;
  if (b.stop !== null && b.stop !== undefined) o.stop = typeof b.stop === 'string' ? [b.stop] : b.stop;
  return Object.keys(o).length ? o : undefined;
}

type Translated<T> = { ok: true; value: T } | { ok: false; message: string; param: string };

/** Message content → Ollama's text + base64 images (only `data:` URLs: ClawGrid fetches nothing on a client's behalf). */
function contentOf(c: OpenAiMessage['content'], at: number): Translated<{ text: string; images: string[] }> {
  if (c === null || c === undefined) return { ok: true, value: { text: '', images: [] } };
  if (typeof c === 'string') return { ok: true, value: { text: c, images: [] } };
  let text = '';
  const images: string[] = [];
  for (const part of c) {
    if (part.type === 'text') text += part.text;
    else {
      const url = typeof part.image_url === 'string' ? part.image_url : part.image_url.url;
      const m = /^data:image\/[\w.+-]+;base64,(.+)$/s.exec(url);
      if (!m) return { ok: false, message: 'image_url: only base64 data: URLs are supported', param: `messages[${at}].content` };
      images.push(m[1]!);
    }
  }
  return { ok: true, value: { text, images } };
}

/**
 * OpenAI messages → Ollama's: `developer` is a system message, tool-call arguments (JSON strings) become
 * objects, and a tool result names its tool (Ollama's `tool_name`) from the assistant call it answers.
 */
function messagesOf(list: OpenAiMessage[]): Translated<Record<string, unknown>[]> {
  const toolNames = new Map<string, string>();
  const out: Record<string, unknown>[] = [];
  for (const [i, m] of list.entries()) {
    const c = contentOf(m.content, i);
    if (!c.ok) return c;
    const msg: Record<string, unknown> = { role: m.role === 'developer' ? 'system' : m.role, content: c.value.text };
    if (c.value.images.length) msg.images = c.value.images;
    if (m.reasoning) msg.thinking = m.reasoning;
    if (m.tool_calls?.length) {
      const calls: Record<string, unknown>[] = [];
      for (const [j, tc] of m.tool_calls.entries()) {
        let args: unknown;
        try {
          args = tc.function.arguments.trim() ? JSON.parse(tc.function.arguments) : {};
        } catch {
          return { ok: false, message: 'tool_calls: function.arguments must be a JSON object', param: `messages[${i}].tool_calls[${j}].function.arguments` };
        }
        if (tc.id) toolNames.set(tc.id, tc.function.name);
        calls.push({ ...(tc.id ? { id: tc.id } : {}), function: { index: j, name: tc.function.name, arguments: args } });
      }
      msg.tool_calls = calls;
    }
    if (m.role === 'tool') {
      if (m.tool_call_id) msg.tool_call_id = m.tool_call_id;
      const name = (m.tool_call_id && toolNames.get(m.tool_call_id)) || m.name;
      if (name) msg.tool_name = name;
    }
    out.push(msg);
  }
  return { ok: true, value: out };
}

function formatOf(b: ChatCompletionBody): unknown {
  const f = b.response_format;
  if (!f || f.type === 'text') return undefined;
  return f.type === 'json_schema' && f.json_schema?.schema !== undefined ? f.json_schema.schema : 'json';
}

function toCall(kind: 'chat' | 'generate', body: Record<string, unknown>, agent: Agent, arrivedAt: number, includeUsage: boolean): OpenAiCall {
  const raw = Buffer.from(JSON.stringify(body));
  const input = inferenceCall(kind, body, raw, agent, arrivedAt);
  if (!input.ok) return { ok: false, message: input.message, param: input.message.includes('model') ? 'model' : null };
  return { ok: true, call: input.call, includeUsage };
}

/** /v1/chat/completions → the engine's chat call (Ollama's /api/chat body; streams only when asked, as OpenAI does). */
export function chatCall(b: ChatCompletionBody, agent: Agent, arrivedAt: number): OpenAiCall {
  const messages = messagesOf(b.messages);
  if (!messages.ok) return messages;
  const options = optionsOf(b, b.max_completion_tokens ?? b.max_tokens);
  const format = formatOf(b);
  const tools = b.tool_choice === 'none' ? undefined : b.tools;
  const body: Record<string, unknown> = {
    model: b.model,
    messages: messages.value,
    stream: b.stream === true,
    ...(tools?.length ? { tools } : {}),
    ...(options ? { options } : {}),
    ...(format !== undefined ? { format } : {}),
    ...(b.reasoning_effort ? { think: b.reasoning_effort === 'none' ? false : b.reasoning_effort === 'minimal' ? 'low' : b.reasoning_effort } : {}),
  };
  return toCall('chat', body, agent, arrivedAt, b.stream === true && b.stream_options?.include_usage === true);
}

/** /v1/completions → the engine's generate call (Ollama's /api/generate body). */
export function completionCall(b: CompletionBody, agent: Agent, arrivedAt: number): OpenAiCall {
  const options = optionsOf(b, b.max_tokens);
  const body: Record<string, unknown> = {
    model: b.model,
    prompt: typeof b.prompt === 'string' ? b.prompt : b.prompt[0],
    stream: b.stream === true,
    ...(b.suffix ? { suffix: b.suffix } : {}),
    ...(options ? { options } : {}),
  };
  return toCall('generate', body, agent, arrivedAt, b.stream === true && b.stream_options?.include_usage === true);
}
