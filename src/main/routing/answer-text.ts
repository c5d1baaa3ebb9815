import { encodeAll } from './ollama-encode';
import type { AnswerChunk, RunAnswer } from './run-types';

/** A successful answer's whole text in Ollama's shapes, read to the end (for in-process callers). */
export async function answerText(a: Exclude<RunAnswer, { type: 'error' }>): Promise<string> {
  if (a.type === 'whole') return encodeAll([a.chunk], false);
  const chunks: AnswerChunk[] = [];
  for await (const c of a.chunks) chunks.push(c as AnswerChunk);
  return encodeAll(chunks, true);
}
