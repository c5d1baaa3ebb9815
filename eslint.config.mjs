// Lint = style + the layer boundaries of DESIGN.md §1, enforced mechanically (no-restricted-imports
// per folder). src/main/lint-boundaries.test.ts proves each rule fires.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import reactHooks from 'eslint-plugin-react-hooks';
import globals from 'globals';
import { builtinModules } from 'node:module';

const nodeBuiltins = [...builtinModules, ...builtinModules.map((m) => `node:${m}`)];

const electronOnly = {
  name: 'electron',
  message: 'Only src/main/electron and src/preload may import electron (DESIGN.md §1).',
};

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
      'no-restricted-imports': [
        'error',
        {
          paths: [
            { name: 'electron', message: 'The renderer talks to main only through its transport (DESIGN.md §1).' },
            ...nodeBuiltins.map((name) => ({ name, message: 'The renderer is a browser page: no node:* imports.' })),
            { name: 'better-sqlite3', message: 'Storage lives in main.' },
            { name: 'systeminformation', message: 'System sampling lives in main.' },
          ],
          patterns: [{ group: ['**/main/**', '**/preload/**'], message: 'The renderer imports only src/shared and itself.' }],
        },
      ],
    },
  },
  {
    files: ['src/main/**'],
    ignores: ['src/main/electron/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        { paths: [electronOnly], patterns: [{ group: ['**/renderer/**', '**/preload/**'], message: 'main does not import renderer or preload code.' }] },
      ],
    },
  },
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
