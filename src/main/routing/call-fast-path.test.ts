import { describe, expect, it } from 'vitest';
import { fastInferenceBody } from './call-fast-path';
import { chatBodySchema, generateBodySchema } from './wire-schemas';

const msg = (extra: object = {}) => ({ role: 'user', content: 'hi', ...extra });
const chats: unknown[] = [
  { model: 'llama3.2:3b', messages: [msg()], stream: false },
  { model: 'llama3.2:3b@local', messages: [msg(), { role: 'assistant' }], stream: true, keep_alive: '5m', think: 'high', options: { num_ctx: 8192, temperature: 0.2 }, format: 'json', tools: [], extra: { kept: true } },
  { model: 'm', options: { num_predict: -1 }, keep_alive: 0, think: false },
  { model: 'm', messages: [msg({ images: ['aGk='] })] },
  { model: 'm', messages: [msg({ tool_calls: [{ function: { name: 'f', arguments: {} } }] })] },
  { model: 'm', messages: [msg({ thinking: 'hmm' })] },
  { model: '' },
  { model: 1 },
  {},
  [],
  null,
  'text',
  { model: 'm', messages: 'hi' },
  { model: 'm', messages: [{ content: 'no role' }] },
  { model: 'm', messages: [msg({ content: 5 })] },
  { model: 'm', messages: [null] },
  { model: 'm', stream: 'yes' },
  { model: 'm', stream: null },
  { model: 'm', think: 'extreme' },
  { model: 'm', keep_alive: true },
  { model: 'm', options: { num_ctx: 0 } },
  { model: 'm', options: { num_ctx: 1.5 } },
  { model: 'm', options: { num_predict: 2 ** 60 } },
  { model: 'm', options: [] },
  { model: 'm', tools: {} },
];
const generates: unknown[] = [
  { model: 'm', prompt: 'hi', system: 'be brief', stream: false },
  { model: 'm', prompt: 'hi', tools: {} },
  { model: 'm', prompt: 3 },
  { model: 'm', system: null },
  { model: 'm', prompt: 'hi', messages: 'ignored by generate' },
];

describe('fastInferenceBody', () => {
  it.each([...chats.map((b) => ['chat', b] as const), ...generates.map((b) => ['generate', b] as const)])('%s %j: only what zod accepts, as zod returns it', (kind, body) => {
    const fast = fastInferenceBody(kind, body);
    const zod = (kind === 'chat' ? chatBodySchema : generateBodySchema).safeParse(body);
    if (fast !== null) {
      expect(zod.success).toBe(true);
      expect(fast).toEqual(zod.data);
    }
  });

  it('takes the fast path for the usual agent requests, and leaves tool calls and images to zod', () => {
    expect(fastInferenceBody('chat', chats[0])).not.toBeNull();
    expect(fastInferenceBody('chat', chats[1])).not.toBeNull();
    expect(fastInferenceBody('generate', generates[0])).not.toBeNull();
    expect(fastInferenceBody('chat', chats[3])).toBeNull();
    expect(fastInferenceBody('chat', chats[4])).toBeNull();
  });
});
