import { z } from 'zod';

/**
 * zod schemas for the OpenClaw 2026.9.6 CLI's JSON outputs ClawGrid reads (recorded in ./fixtures).
 * Loose objects: OpenClaw adds fields every release; only what ClawGrid uses is required.
 */

/** `openclaw --version` → "OpenClaw 2026.9.6 (eb377ac)". */
export function parseVersionLine(text: string): { version: string; build: string | null } | null {
  const m = /OpenClaw\s+(\d{4}\.\d{1,2}\.\d{1,3}(?:-[0-9A-Za-z.-]+)?)(?:\s+\(([0-9a-f]+)\))?/.exec(text);
  return m ? { version: m[1]!, build: m[2] ?? null } : null;
}

/** `{ok:false, error:{type, message}}`: how every command reports a failure with --json. */
export const cliErrorSchema = z.looseObject({
  ok: z.literal(false),
  error: z.looseObject({ type: z.string().optional(), message: z.string() }),
});

/** `gateway call agents.list --json`. */
export const gatewayAgentsListSchema = z.looseObject({
  defaultId: z.string().nullable().optional(),
  agents: z.array(
    z.looseObject({
      id: z.string(),
      name: z.string().nullable().optional(),
      model: z.union([z.string(), z.looseObject({ primary: z.string().optional(), fallbacks: z.array(z.string()).optional() })]).nullable().optional(),
    }),
  ),
});
export type GatewayAgentsList = z.infer<typeof gatewayAgentsListSchema>;

/** `openclaw agents list --json` (works without a gateway). */
export const agentsListSchema = z.array(
  z.looseObject({ id: z.string(), name: z.string().nullable().optional(), model: z.string().nullable().optional(), isDefault: z.boolean().optional() }),
);

/** `gateway call sessions.list --json`. */
export const gatewaySessionsListSchema = z.looseObject({
  count: z.number().int(),
  sessions: z.array(
    z.looseObject({
      key: z.string(),
      agentId: z.string().optional(),
      lastActivityAt: z.number().nullable().optional(),
      updatedAt: z.number().nullable().optional(),
      inputTokens: z.number().nullable().optional(),
      outputTokens: z.number().nullable().optional(),
      status: z.string().nullable().optional(),
      abortedLastRun: z.boolean().optional(),
      modelProvider: z.string().nullable().optional(),
      model: z.string().nullable().optional(),
    }),
  ),
});
export type GatewaySessionsList = z.infer<typeof gatewaySessionsListSchema>;

const costTotals = z.looseObject({ input: z.number(), output: z.number(), totalTokens: z.number(), totalCost: z.number() });
/** `gateway call usage.cost --json --params {agentId}`: OpenClaw's own (always $0 for Ollama-API) cost. */
export const gatewayUsageCostSchema = z.looseObject({
  days: z.number().int(),
  daily: z.array(costTotals.extend({ date: z.string() })),
  totals: costTotals.optional(),
});

/** `openclaw health --json` (needs a running gateway). */
export const healthSchema = z.union([
  z.looseObject({
    ok: z.literal(true),
    defaultAgentId: z.string().optional(),
    agents: z.array(z.looseObject({ agentId: z.string(), sessions: z.looseObject({ count: z.number() }).optional() })).optional(),
  }),
  cliErrorSchema,
]);

/** `openclaw update status --json`. */
export const updateStatusSchema = z.looseObject({
  update: z.looseObject({
    root: z.string().nullable().optional(),
    installKind: z.string().optional(),
    registry: z.looseObject({ latestVersion: z.string().nullable().optional(), tag: z.string().nullable().optional() }).optional(),
  }),
  channel: z.looseObject({ value: z.string(), source: z.string().optional() }),
  availability: z.looseObject({ available: z.boolean(), latestVersion: z.string().nullable().optional() }).optional(),
});
export type UpdateStatus = z.infer<typeof updateStatusSchema>;

const failureFacts = z.array(z.looseObject({ code: z.string().optional(), message: z.string().optional() })).optional();
/**
 * `openclaw update [--dry-run] --json`. 2026.9.x reports the run as `run.status`/`run.reason` (a successful dry
 * run: no top-level `status`, `run.status: "skipped"`, `run.reason: "dry-run"`, fixtures/update-dry-ok-global.json);
 * refusals also carry a top-level `status`/`reason` and `steps[].failureFacts` (fixtures/update-dry.json).
 */
export const updateResultSchema = z
  .looseObject({
    status: z.string().optional(),
    reason: z.string().nullable().optional(),
    dryRun: z.boolean().optional(),
    currentVersion: z.string().nullable().optional(),
    targetVersion: z.string().nullable().optional(),
    downgradeRisk: z.boolean().optional(),
    before: z.looseObject({ version: z.string().nullable().optional() }).optional(),
    after: z.looseObject({ version: z.string().nullable().optional() }).optional(),
    steps: z.array(z.looseObject({ name: z.string().optional(), exitCode: z.number().nullable().optional(), stderrTail: z.string().nullable().optional(), failureFacts })).default([]),
    run: z
      .looseObject({
        status: z.string(),
        reason: z.string().nullable().optional(),
        phase: z.string().optional(),
        origin: z.looseObject({ nextAction: z.string().optional() }).optional(),
        after: z.looseObject({ version: z.string().nullable().optional() }).optional(),
        steps: z.array(z.looseObject({ step: z.string(), status: z.string().optional(), detail: z.string().optional(), failureFacts })).default([]),
      })
      .optional(),
  })
  .refine((r) => r.status !== undefined || r.run !== undefined, 'neither a status nor a run.status');
export type UpdateResult = z.infer<typeof updateResultSchema>;

/** `openclaw doctor --post-upgrade --json`: plugin-compatibility findings. */
export const doctorPostUpgradeSchema = z.looseObject({
  probesRun: z.array(z.string()).optional(),
  findings: z.array(
    z.looseObject({ checkId: z.string().optional(), severity: z.string().optional(), message: z.string().optional(), fixHint: z.string().optional() }),
  ),
});

/** `openclaw backup create --json`. */
export const backupSchema = z.looseObject({ archivePath: z.string(), dryRun: z.boolean().optional(), verified: z.boolean().optional() });

/** `openclaw gateway status --json`: CLI vs running gateway version and the service file's command. */
export const gatewayStatusSchema = z.looseObject({
  cli: z.looseObject({ version: z.string(), entrypoint: z.string().optional() }),
  service: z
    .looseObject({
      loaded: z.boolean().optional(),
      command: z.union([z.string(), z.looseObject({ programArguments: z.array(z.string()).optional() })]).nullable().optional(),
      label: z.string().optional(),
    })
    .optional(),
  gateway: z.looseObject({ port: z.number().int().optional(), version: z.string().nullable().optional() }).optional(),
  rpc: z.looseObject({ ok: z.boolean(), version: z.string().nullable().optional() }).optional(),
});
export type GatewayStatus = z.infer<typeof gatewayStatusSchema>;

/** `openclaw config set … --strict-json [--dry-run] --json`. */
export const configSetSchema = z.looseObject({
  ok: z.boolean(),
  errors: z.array(z.looseObject({ kind: z.string().optional(), message: z.string() })).optional(),
});

/** `openclaw status --json`: enough to find the gateway URL and reachability without a gateway. */
export const statusSchema = z.looseObject({
  gateway: z.looseObject({ url: z.string().optional(), reachable: z.boolean().optional(), mode: z.string().optional() }).optional(),
  updateChannel: z.string().optional(),
});

/** `openclaw agent … --json` local (`payloads`) or via gateway (`result.payloads`). */
const agentPayloads = z.array(z.looseObject({ text: z.string().nullable().optional() }));
const agentMeta = z.looseObject({ agentMeta: z.looseObject({ provider: z.string().optional(), model: z.string().optional() }).optional() });
export const agentRunSchema = z
  .union([
    z.looseObject({ status: z.string(), result: z.looseObject({ payloads: agentPayloads, meta: agentMeta.optional() }) }),
    z.looseObject({ payloads: agentPayloads, meta: agentMeta.optional() }),
  ])
  .transform((r) => {
    const body = 'result' in r ? (r.result as { payloads: z.infer<typeof agentPayloads>; meta?: z.infer<typeof agentMeta> }) : (r as { payloads: z.infer<typeof agentPayloads>; meta?: z.infer<typeof agentMeta> });
    return { texts: body.payloads.map((p) => p.text ?? ''), provider: body.meta?.agentMeta?.provider ?? null };
  });

/** Gateway HTTP probes (no auth). */
export const healthzSchema = z.looseObject({ ok: z.boolean(), status: z.string().optional() });
export const readyzSchema = z.looseObject({ ready: z.boolean(), failing: z.array(z.unknown()).default([]), uptimeMs: z.number().optional() });
export const startupzSchema = z.looseObject({ ok: z.boolean(), version: z.string().optional(), uptimeMs: z.number().optional() });
