import { z } from 'zod';

/** What an export asks for: a format and an optional time range (Unix ms, both inclusive). */
export const exportInputSchema = z
  .object({ format: z.enum(['csv', 'json']), fromMs: z.number().int().nonnegative().optional(), toMs: z.number().int().nonnegative().optional() })
  .strict()
  .refine((b) => b.fromMs === undefined || b.toMs === undefined || b.fromMs <= b.toMs, { message: 'the start of the range is after its end', path: ['fromMs'] });

/** One file to save: the renderer turns it into a download. Money in it is decimal strings. */
export const exportFileSchema = z.object({ filename: z.string(), mimeType: z.string(), content: z.string() });
