// Bundles a bench's child-process entry the way the app ships: one CommonJS file built by Vite (rolldown + oxc, the
// toolchain electron-vite builds out/main with, in out/main's format: CommonJS, so code that finds files from
// __filename — the checkpointer's thread — works as in the app), node_modules left external, nothing minified — so a benchmark
// measures the shipped code's shape, not tsx's on-the-fly transform (which wraps every function in a `__name`
// call and routes module loads through its loader thread: ~20 % more CPU per proxied request, bench:provider).
import path from 'node:path';
import { build } from 'vite';

const root = path.resolve(import.meta.dirname, '../..');

/** Builds `entry` (a path from the repo root) into node_modules/.cache/clawgrid-bench/ and returns the file to run with node. */
export async function bundleChild(entry: string): Promise<string> {
  // Inside node_modules, so the bundle's bare imports (better-sqlite3, undici…) resolve to the project's packages.
  const outDir = path.join(root, 'node_modules/.cache/clawgrid-bench');
  const name = path.basename(entry).replace(/\.ts$/, '');
  await build({
    root,
    configFile: false,
    logLevel: 'warn',
    build: {
      ssr: path.join(root, entry),
      outDir,
      emptyOutDir: false,
      minify: false,
      target: 'node20',
      rollupOptions: { output: { format: 'cjs', entryFileNames: '[name].cjs' } },
    },
  });
  return path.join(outDir, `${name}.cjs`);
}
