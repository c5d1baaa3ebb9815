import { resolve } from 'node:path';
import { readFileSync } from 'node:fs';
import { defineConfig } from 'electron-vite';
import react from '@vitejs/plugin-react';

const pkg = JSON.parse(readFileSync(resolve(__dirname, 'package.json'), 'utf8')) as { version: string };
const define = { __CLAWGRID_VERSION__: JSON.stringify(pkg.version) };

// One build, three targets. Main has two entries: the Electron shell and the headless host, which
// share every service through src/main/container.ts. Output is CommonJS so the headless host also
// runs on plain Node 20 (`node out/main/host.js`).
export default defineConfig({
  main: {
    define,
    build: {
      outDir: 'out/main',
      rollupOptions: {
        input: {
          electron: resolve(__dirname, 'src/main/electron/main.ts'),
          host: resolve(__dirname, 'src/main/host/main.ts'),
          // Groth16 worker thread (src/main/proofs/zk-engine.ts loads out/main/zk-worker.js).
          'zk-worker': resolve(__dirname, 'src/main/proofs/zk-worker.ts'),
        },
      },
    },
  },
  preload: {
    build: {
      outDir: 'out/preload',
      // Sandboxed preloads cannot require node_modules: bundle zod and the contract in.
      externalizeDeps: false,
      rollupOptions: { input: { index: resolve(__dirname, 'src/preload/index.ts') } },
    },
  },
  renderer: {
    root: resolve(__dirname, 'src/renderer'),
    plugins: [react()],
    build: {
      outDir: resolve(__dirname, 'out/renderer'),
      // electron-vite leaves the renderer unminified; the entry chunk has a budget (bin/lib/bundle-budget.mjs).
      minify: true,
      rollupOptions: { input: resolve(__dirname, 'src/renderer/index.html') },
    },
  },
});
