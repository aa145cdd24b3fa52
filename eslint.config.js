// Lint: typescript-eslint's recommended rules plus the import boundaries from the style guide:
// src-shared imports only itself; the renderer never imports src-main; only src-main/electron imports 'electron'.
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['out/**', 'node_modules/**', 'test-results/**', 'playwright-report/**'] },
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
    },
  },
  {
    files: ['src-shared/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', { patterns: ['node:*', '../../src-main/*', '../../src-renderer/*', 'electron', 'react'] }],
    },
  },
  {
    // Only src-main/electron may import electron; everything else must also run under plain Node.
    files: ['src-main/**/*.ts'],
    ignores: ['src-main/electron/**'],
    rules: { 'no-restricted-imports': ['error', { paths: ['electron'] }] },
  },
  {
    files: ['src-renderer/**/*.{ts,tsx}'],
    rules: { 'no-restricted-imports': ['error', { patterns: ['**/src-main/**', 'node:*', 'electron'] }] },
  },
);
