// Lint = style + the layer boundaries of DESIGN.md §1, enforced mechanically (no-restricted-imports
// per folder). src/main/lint-boundaries.test.ts proves each rule fires.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import reactHooks from 'eslint-plugin-react-hooks';
import globals from 'globals';
import { readdirSync } from 'node:fs';
import { builtinModules } from 'node:module';

const nodeBuiltins = [...builtinModules, ...builtinModules.map((m) => `node:${m}`)];

const electronOnly = {
  name: 'electron',
  message: 'Only src/main/electron and src/preload may import electron (DESIGN.md §1).',
};

// The renderer's own layers (DESIGN.md §1): a feature reaches another feature only through that
// feature's port.ts, and never the app shell; the shared layers (components, lib, transport, stores,
// testing) import no feature. Imports are relative, so each feature gets its own block
// naming the others (new feature folders are picked up here automatically).
const rendererPaths = [
  { name: 'electron', message: 'The renderer talks to main only through its transport (DESIGN.md §1).' },
  ...nodeBuiltins.map((name) => ({ name, message: 'The renderer is a browser page: no node:* imports.' })),
  { name: 'better-sqlite3', message: 'Storage lives in main.' },
  { name: 'systeminformation', message: 'System sampling lives in main.' },
];
const rendererPatterns = [{ group: ['**/main/**', '**/preload/**'], message: 'The renderer imports only src/shared and itself.' }];
const noApp = { regex: '^(\\.\\./)+app(/|$)', message: 'A feature does not import the app shell (src/renderer/app): the app imports features, not the reverse.' };
const rendererFeatures = readdirSync(new URL('./src/renderer/features', import.meta.url), { withFileTypes: true })
  .filter((d) => d.isDirectory())
  .map((d) => d.name);
const otherFeature = (own) => ({
  regex: `^(\\.\\./)+(features/)?(${rendererFeatures.filter((f) => f !== own).join('|')})(/(?!port(\\.tsx?)?$).*)?$`,
  message: "A feature imports another feature only through that feature's port.ts (features/<x>/port.ts).",
});
const rendererFeatureBlocks = rendererFeatures.flatMap((feature) => [
  {
    files: [`src/renderer/features/${feature}/**`],
    rules: { 'no-restricted-imports': ['error', { paths: rendererPaths, patterns: [...rendererPatterns, noApp, otherFeature(feature)] }] },
  },
  {
    // A feature's tests may render the whole app (page inside the shell, real event registry).
    files: [`src/renderer/features/${feature}/**/*.test.{ts,tsx}`],
    rules: { 'no-restricted-imports': ['error', { paths: rendererPaths, patterns: [...rendererPatterns, otherFeature(feature)] }] },
  },
]);

// The main-process features (DESIGN.md §1): each a folder under src/main/ with a public port file `port.ts`.
// Infrastructure (log, store, events, settings, rpc, host, electron) is not listed: every feature may use it.
const mainFeatures = ['routing', 'models', 'monitor', 'network', 'aitbc', 'devnet', 'miner', 'wallet', 'proofs', 'openclaw', 'ollama', 'telemetry', 'team'];
const mainPatterns = [{ group: ['**/renderer/**', '**/preload/**'], message: 'main does not import renderer or preload code.' }];

export default tseslint.config(
  { ignores: ['out/**', 'dist/**', 'node_modules/**', 'e2e/artifacts/**', 'bench/results/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node } },
    rules: {
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'no-restricted-imports': ['error', { paths: [electronOnly] }],
    },
  },
  {
    files: ['src/shared/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [
            electronOnly,
            ...nodeBuiltins.map((name) => ({ name, message: 'src/shared is pure: no node:* imports (DESIGN.md §1).' })),
            { name: 'better-sqlite3', message: 'src/shared is pure: no native modules.' },
            { name: 'ws', message: 'src/shared is pure: no transports.' },
            { name: 'react', message: 'src/shared is pure: no UI.' },
          ],
          patterns: [{ group: ['**/main/**', '**/renderer/**', '**/preload/**'], message: 'src/shared imports nothing outside src/shared.' }],
        },
      ],
    },
  },
  {
    files: ['src/renderer/**'],
    languageOptions: { globals: { ...globals.browser } },
    plugins: { 'react-hooks': reactHooks },
    rules: {
      ...reactHooks.configs.recommended.rules,
      'no-restricted-imports': ['error', { paths: rendererPaths, patterns: rendererPatterns }],
    },
  },
  {
    files: ['src/renderer/{components,lib,transport,stores,testing}/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: rendererPaths,
          patterns: [...rendererPatterns, { regex: '^(\\.\\./)+features(/|$)', message: 'Shared renderer code (components, lib, transport, stores, testing) imports no feature: features build on it, not the reverse.' }],
        },
      ],
    },
  },
  ...rendererFeatureBlocks,
  {
    files: ['src/renderer/features/*/{components,hooks}/**'],
    ignores: ['**/*.test.{ts,tsx}'],
    rules: {
      'no-restricted-syntax': [
        'error',
        {
          selector: "CallExpression[callee.property.name='call'][callee.object.name=/^transport$/i]",
          message: "Components call main through their feature's api/ factories (queryOptions / mutationOptions), not transport.call inline.",
        },
      ],
    },
  },
  {
    files: ['src/main/**'],
    ignores: ['src/main/electron/**'],
    rules: {
      'no-restricted-imports': ['error', { paths: [electronOnly], patterns: mainPatterns }],
    },
  },
  // A main feature imports another feature only through that feature's port file (`../<other>/port`), and never the
  // composition root: code that joins two features lives in src/main/adapters/ and is wired by container.ts.
  // Tests and test harnesses (`testing/`) compose features freely, as the container does.
  ...mainFeatures.map((feature) => ({
    files: [`src/main/${feature}/**`],
    ignores: ['**/*.test.ts', '**/testing/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [electronOnly],
          patterns: [
            ...mainPatterns,
            {
              regex: `^(?:\\.\\./)+(?:${mainFeatures.filter((f) => f !== feature).join('|')})/(?!port$)`,
              message: `src/main/${feature} may import another feature only through its port file (../<feature>/port); joining code goes in src/main/adapters/.`,
            },
            { regex: '^(?:\\.\\./)+(?:adapters/|container$|migrations$)', message: 'Features do not import the composition root (container, adapters, the migration list).' },
          ],
        },
      ],
    },
  })),
  {
    files: ['src/main/electron/**', 'src/preload/**'],
    rules: { 'no-restricted-imports': 'off' },
  },
  {
    files: ['src/preload/**'],
    rules: {
      'no-restricted-syntax': [
        'error',
        {
          selector: "CallExpression[callee.property.name='exposeInMainWorld'] Identifier[name='ipcRenderer']",
          message: 'Never expose ipcRenderer itself (DESIGN.md §1).',
        },
      ],
    },
  },
  {
    files: ['bin/**/*.mjs', '*.config.*', 'test-support/fake-nvidia-smi/nvidia-smi'],
    languageOptions: { globals: { ...globals.node } },
  },
);
