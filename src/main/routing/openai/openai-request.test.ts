import { describe, expect, it } from 'vitest';
import type { Agent } from '../../../shared/contract/routing';
import { chatCall, completionCall } from './openai-request';
import { chatCompletionSchema, completionSchema, firstProblem } from './openai-schemas';

const agent = { id: 'a', name: 'a' } as Agent;
const chat = (b: Record<string, unknown>) => chatCall(chatCompletionSchema.parse({ model: 'llama3.2:3b', ...b }), agent, 0);

describe('OpenAI requests as the engine’s Ollama calls', () => {
  it('maps roles, multimodal parts and sampling onto Ollama’s body; the suffix routes', () => {
    const r = chat({
      model: 'llama3.2:3b@network',
      messages: [
        { role: 'developer', content: 'be brief' },
        { role: 'user', content: [{ type: 'text', text: 'what is ' }, { type: 'text', text: 'this?' }, { type: 'image_url', image_url: { url: 'data:image/png;base64,iVBORw0K' } }] },
      ],
      max_tokens: 10,
      max_completion_tokens: 20,
      stop: 'END',
      seed: 7,
      response_format: { type: 'json_object' },
      reasoning_effort: 'none',
      stream: true,
      stream_options: { include_usage: true },
    });
    expect(r.ok && r.includeUsage).toBe(true);
    if (!r.ok) return;
    expect(r.call.parsed).toEqual({ model: 'llama3.2:3b', target: { kind: 'network' } });
    expect(JSON.parse(r.call.raw.toString())).toEqual({
      model: 'llama3.2:3b@network',
      stream: true,
      messages: [
        { role: 'system', content: 'be brief' },
        { role: 'user', content: 'what is this?', images: ['iVBORw0K'] },
      ],
      options: { num_predict: 20, stop: ['END'], seed: 7 },
      format: 'json',
      think: false,
    });
  });

  it('refuses what it cannot honour with the offending param', () => {
    expect(chat({ messages: [{ role: 'user', content: [{ type: 'image_url', image_url: { url: 'https://example.com/cat.png' } }] }] })).toMatchObject({ ok: false, param: 'messages[0].content' });
    const badArgs = chat({ messages: [{ role: 'assistant', tool_calls: [{ id: 'c', type: 'function', function: { name: 'ls', arguments: '{oops' } }] }] });
    expect(badArgs).toMatchObject({ ok: false, param: 'messages[0].tool_calls[0].function.arguments' });
    const n = chatCompletionSchema.safeParse({ model: 'm', messages: [{ role: 'user', content: 'x' }], n: 2 });
    expect(!n.success && firstProblem(n.error)).toEqual({ message: 'n: only one choice per request is supported', param: 'n' });
    const roles = chatCompletionSchema.safeParse({ model: 'm', messages: [{ role: 'wizard', content: 'x' }] });
    expect(!roles.success && firstProblem(roles.error).param).toBe('messages[0].role');
    expect(chat({ model: 'llama3.2:3b@', messages: [{ role: 'user', content: 'x' }] })).toMatchObject({ ok: false, param: 'model' });
  });

  it('a completion is Ollama’s generate, non-streamed unless asked; include_usage only counts when streaming', () => {
    const r = completionCall(completionSchema.parse({ model: 'm', prompt: ['hi'], suffix: 'end', temperature: 0, stream_options: { include_usage: true } }), agent, 0);
    expect(r).toMatchObject({ ok: true, includeUsage: false, call: { kind: 'generate', body: { prompt: 'hi', suffix: 'end', stream: false, options: { temperature: 0 } } } });
  });
});
