import { z } from 'zod';

/** Calls about the app itself. */
export const appCalls = {
  /** Which host is serving, app version and where data lives: shown in the shell's footer. */
  'app.info': {
    input: z.object({}).strict(),
    output: z.object({
      name: z.literal('ClawGrid'),
      version: z.string(),
      host: z.enum(['electron', 'headless']),
      platform: z.string(),
      dataDir: z.string(),
      schemaVersion: z.number().int(),
      network: z.string(),
    }),
  },
} as const;
