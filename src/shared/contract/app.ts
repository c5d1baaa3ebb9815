import { z } from 'zod';

/** Where the desktop app's updater stands; the headless host reports `unsupported` with what to do instead. */
export const updateStatusSchema = z.object({
  state: z.enum(['unsupported', 'idle', 'checking', 'up_to_date', 'available', 'downloading', 'ready', 'deferred', 'error']),
  channel: z.enum(['stable', 'beta']),
  currentVersion: z.string(),
  /** The version found (available, downloading, ready, deferred). */
  version: z.string().nullable(),
  /** Release notes as plain text (never HTML). */
  releaseNotes: z.string().nullable(),
  /** Download progress in percent while downloading. */
  percent: z.number().min(0).max(100).nullable(),
  /** The sentence the UI shows: why unsupported or deferred, what failed, what happens next. */
  message: z.string(),
  checkedAtMs: z.number().nullable(),
});
export type UpdateStatus = z.infer<typeof updateStatusSchema>;

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
  /** The updater's state (Settings → Updates). */
  'app.updateStatus': { input: z.object({}).strict(), output: updateStatusSchema },
  /** "Check for updates" on the channel in settings; a verified update then downloads in the background. */
  'app.checkForUpdates': { input: z.object({}).strict(), output: updateStatusSchema },
  /** Restart into a downloaded update; answers `deferred` (and installs nothing) while a payment is pending. */
  'app.installUpdate': { input: z.object({}).strict(), output: updateStatusSchema },
} as const;

/** Events about the app itself. */
export const appEvents = {
  /** Fired on every updater change (checking, found, progress, ready, deferred, error). */
  'app.update': updateStatusSchema,
} as const;
