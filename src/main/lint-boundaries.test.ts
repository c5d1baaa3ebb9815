import { ESLint } from 'eslint';
import { beforeAll, describe, expect, it } from 'vitest';

// The layer boundaries of DESIGN.md §1 are enforced by eslint.config.mjs. These tests lint small
// snippets as if they lived in each folder, so a weakened rule fails here, not in review.
const eslint = new ESLint({ cwd: process.cwd() });
// Snippets are assembled so that this file itself does not read as an electron import to simple greps.
const ELECTRON = 'electron';
const IPC_RENDERER = 'ipcRenderer';
const importElectron = `import { app } from '${ELECTRON}';\nexport const a = app;\n`;

// The first lint loads every plugin and parser (seconds on a busy 2-core machine): do it once, outside the cases' timeout.
beforeAll(async () => {
  await eslint.lintText('export {};\n', { filePath: 'src/shared/domain/warm.ts' });
}, 60_000);

async function restricted(filePath: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath });
  return (result?.messages ?? []).filter((m) => m.ruleId === 'no-restricted-imports').map((m) => m.message);
}

describe('layer boundaries', () => {
  it('src/shared may not import node builtins', async () => {
    expect(await restricted('src/shared/domain/x.ts', "import fs from 'node:fs';\nexport const a = fs;\n")).toHaveLength(1);
    expect(await restricted('src/shared/domain/x.ts', "import path from 'path';\nexport const a = path;\n")).toHaveLength(1);
  });

  it('src/shared may not import electron or main code', async () => {
    expect(await restricted('src/shared/domain/x.ts', importElectron)).toHaveLength(1);
    expect(await restricted('src/shared/domain/x.ts', "import { x } from '../../main/container';\nexport const a = x;\n")).toHaveLength(1);
  });

  it('only src/main/electron and src/preload may import electron', async () => {
    const code = importElectron;
    expect(await restricted('src/main/monitor/x.ts', code)).toHaveLength(1);
    expect(await restricted('src/main/host/x.ts', code)).toHaveLength(1);
    expect(await restricted('src/renderer/x.ts', code)).toHaveLength(1);
    expect(await restricted('bench/x.ts', code)).toHaveLength(1);
    expect(await restricted('src/main/electron/x.ts', code)).toHaveLength(0);
    expect(await restricted('src/preload/x.ts', code)).toHaveLength(0);
  });

  it('the renderer may not import node builtins or main', async () => {
    expect(await restricted('src/renderer/x.ts', "import cp from 'node:child_process';\nexport const a = cp;\n")).toHaveLength(1);
    expect(await restricted('src/renderer/x.ts', "import { x } from '../main/container';\nexport const a = x;\n")).toHaveLength(1);
  });

  it('the preload may not expose ipcRenderer itself', async () => {
    const [result] = await eslint.lintText(
      `import { contextBridge, ipcRenderer } from '${ELECTRON}';\ncontextBridge.exposeInMainWorld('x', ${IPC_RENDERER});\n`,
      { filePath: 'src/preload/x.ts' },
    );
    expect(result?.messages.some((m) => m.ruleId === 'no-restricted-syntax')).toBe(true);
  });

  it('pure shared code passes', async () => {
    expect(await restricted('src/shared/domain/x.ts', "import { z } from 'zod';\nexport const a = z.string();\n")).toHaveLength(0);
  });
});

// The renderer's own layers: features meet only through a port, never import the app shell, and the
// shared layers (components, lib, transport, stores, testing) import no feature.
describe('renderer feature boundaries', () => {
  const FEATURE_FILE = 'src/renderer/features/network/components/x.tsx';
  const imports = (from: string) => `import { x } from '${from}';\nexport const a = x;\n`;

  it("a feature may not import another feature's internals, however the path is spelled", async () => {
    expect(await restricted(FEATURE_FILE, imports('../../wallet/api/wallet-queries'))).toEqual([expect.stringContaining('port.ts')]);
    expect(await restricted(FEATURE_FILE, imports('../../../features/wallet/components/approvals-drawer'))).toHaveLength(1);
    expect(await restricted(FEATURE_FILE, imports('../../app-info'))).toHaveLength(1);
    expect(await restricted('src/renderer/features/openclaw/api/x.ts', imports('../../routing/api/routing-snapshot-query'))).toHaveLength(1);
  });

  it("a feature may import another feature's port.ts", async () => {
    expect(await restricted(FEATURE_FILE, imports('../../app-info/port'))).toHaveLength(0);
    expect(await restricted(FEATURE_FILE, imports('../../../features/wallet/port'))).toHaveLength(0);
  });

  it('a feature may not import the app shell, except in its tests', async () => {
    expect(await restricted(FEATURE_FILE, imports('../../../app/pages'))).toEqual([expect.stringContaining('app shell')]);
    expect(await restricted('src/renderer/features/network/x.ts', imports('../../app/event-handlers'))).toHaveLength(1);
    expect(await restricted('src/renderer/features/monitor/components/x.test.tsx', imports('../../../app/app'))).toHaveLength(0);
    // …but a test still may not reach into another feature
    expect(await restricted('src/renderer/features/monitor/components/x.test.tsx', imports('../../wallet/api/wallet-queries'))).toHaveLength(1);
  });

  it('a feature may import its own files, the shared layers and src/shared', async () => {
    for (const from of [
      '../api/network-queries',
      './network-badge',
      '../../network/api/network-queries',
      '../../../components/network-badge',
      '../../../lib/format',
      '../../../transport/transport-context',
      '../../../stores/ui-store',
      '../../../testing/fake-transport',
      '../../../../shared/contract/network',
      '@tanstack/react-query',
    ]) {
      expect(await restricted(FEATURE_FILE, imports(from)), from).toHaveLength(0);
    }
  });

  it('shared renderer layers may not import features', async () => {
    for (const file of ['src/renderer/components/x.tsx', 'src/renderer/lib/x.ts', 'src/renderer/transport/x.ts', 'src/renderer/stores/x.ts']) {
      expect(await restricted(file, imports('../features/wallet/api/wallet-queries')), file).toHaveLength(1);
      expect(await restricted(file, imports('../features/wallet/port')), file).toHaveLength(1);
    }
    expect(await restricted('src/renderer/components/x.tsx', imports('../lib/format'))).toHaveLength(0);
    expect(await restricted('src/renderer/app/x.tsx', imports('../features/wallet/components/approvals-drawer'))).toHaveLength(0);
  });

  it("a feature's components and hooks call main only through its api/ factories", async () => {
    const inline = "export const f = (transport: { call(n: string, i: object): unknown }) => transport.call('wallet.send', {});\n";
    const syntax = async (filePath: string) => {
      const [result] = await eslint.lintText(inline, { filePath });
      return (result?.messages ?? []).filter((m) => m.ruleId === 'no-restricted-syntax');
    };
    expect(await syntax('src/renderer/features/wallet/components/x.tsx')).toHaveLength(1);
    expect(await syntax('src/renderer/features/routing/hooks/x.ts')).toHaveLength(1);
    expect(await syntax('src/renderer/features/wallet/api/x.ts')).toHaveLength(0);
  });

  it('the renderer base rules still hold inside features', async () => {
    expect(await restricted(FEATURE_FILE, importElectron)).toHaveLength(1);
    expect(await restricted(FEATURE_FILE, "import fs from 'node:fs';\nexport const a = fs;\n")).toHaveLength(1);
  });
});

describe('main feature boundaries', () => {
  const imp = (spec: string) => `import { x } from '${spec}';\nexport const a = x;\n`;

  it('a feature may not import another feature past its port file', async () => {
    expect(await restricted('src/main/models/x.ts', imp('../routing/engine'))).toHaveLength(1);
    expect(await restricted('src/main/devnet/x.ts', imp('../proofs/receipt-signature'))).toHaveLength(1);
    expect(await restricted('src/main/routing/sub/x.ts', imp('../../wallet/ledger'))).toHaveLength(1);
  });

  it("a feature may import another feature's port file, its own files, shared code and infrastructure", async () => {
    expect(await restricted('src/main/models/x.ts', imp('../routing/port'))).toHaveLength(0);
    expect(await restricted('src/main/models/x.ts', imp('./deploy-service'))).toHaveLength(0);
    expect(await restricted('src/main/models/x.ts', imp('../../shared/domain/decimal'))).toHaveLength(0);
    expect(await restricted('src/main/models/x.ts', imp('../store/database'))).toHaveLength(0);
    expect(await restricted('src/main/models/x.ts', imp('../log/logger'))).toHaveLength(0);
    // The shared HTTP guard and body reader are infrastructure: routing and devnet use them like the host.
    expect(await restricted('src/main/routing/x.ts', imp('../http/loopback-guard'))).toHaveLength(0);
    expect(await restricted('src/main/devnet/x.ts', imp('../http/read-body'))).toHaveLength(0);
  });

  it('a feature may not import the composition root or an adapter', async () => {
    expect(await restricted('src/main/wallet/x.ts', imp('../container'))).toHaveLength(1);
    expect(await restricted('src/main/wallet/x.ts', imp('../adapters/wallet-routing'))).toHaveLength(1);
  });

  it('adapters, the container and tests may join features', async () => {
    expect(await restricted('src/main/adapters/x.ts', imp('../routing/engine'))).toHaveLength(0);
    expect(await restricted('src/main/container.ts', imp('./routing/engine'))).toHaveLength(0);
    expect(await restricted('src/main/models/x.int.test.ts', imp('../routing/engine'))).toHaveLength(0);
  });
});
