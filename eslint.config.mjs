import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import lit from 'eslint-plugin-lit';
import wc from 'eslint-plugin-wc';
import globals from 'globals';

export default tseslint.config(
  { ignores: ['dist/', 'node_modules/', 'coverage/', 'bench/vendor/', 'custom-elements.json', 'src/locales/*.ts'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ['src/**/*.ts'],
    ...lit.configs['flat/recommended'],
  },
  {
    files: ['src/**/*.ts'],
    ...wc.configs['flat/recommended'],
  },
  {
    languageOptions: { globals: { ...globals.browser, ...globals.node } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      // Data never becomes markup: these would bypass Lit's escaping.
      'no-restricted-imports': ['error', { paths: [{ name: 'lit/directives/unsafe-html.js', message: 'Render data as text.' }] }],
      'no-restricted-properties': ['error', { property: 'innerHTML', message: 'Render data through Lit templates.' }],
    },
  },
  {
    files: ['**/*.test.ts', 'bench/**', 'test/**'],
    rules: { 'no-restricted-properties': 'off', '@typescript-eslint/no-unused-expressions': 'off' },
  },
);
