// @ts-check
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import { configs as litConfigs } from 'eslint-plugin-lit';
import litA11y from 'eslint-plugin-lit-a11y';
import globals from 'globals';

export default tseslint.config(
  {
    ignores: ['**/node_modules/', '**/dist/', 'storybook-static/', 'coverage/', '.testbed/', '.venv/', '.storybook/public/', 'custom-elements.json'],
  },
  js.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  litConfigs['flat/recommended'],
  litA11y.configs.recommended,
  {
    languageOptions: {
      ecmaVersion: 2022,
      sourceType: 'module',
      globals: { ...globals.browser },
      parserOptions: { projectService: { allowDefaultProject: ['*.js', '*.mjs'] }, tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/restrict-template-expressions': ['error', { allowNumber: true }],
      // Lit event listeners are methods passed to templates, bound by Lit itself.
      '@typescript-eslint/unbound-method': 'off',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'lit/no-template-map': 'off',
    },
  },
  {
    // Node programs (testbed, bench, build configs): plain JS with // @ts-check.
    files: ['packages/testbed/**/*.js', 'packages/bench/**/*.js', 'packages/*/test/**/*.e2e.test.js', 'scripts/**/*.mjs', '*.mjs', '*.js', '.ci/**/*.js'],
    ...tseslint.configs.disableTypeChecked,
    languageOptions: { ...tseslint.configs.disableTypeChecked.languageOptions, globals: { ...globals.node } },
  },
  {
    // The BFF is a Node program in strict TypeScript (its own tsconfig, found by the project service).
    files: ['packages/bff/**/*.ts'],
    languageOptions: { globals: { ...globals.node } },
  },
  {
    // The BFF's runnable server and its node:test tests: plain JS with // @ts-check, like the testbed.
    files: ['packages/bff/bin/**/*.js', 'packages/bff/test/**/*.js'],
    ...tseslint.configs.disableTypeChecked,
    languageOptions: { ...tseslint.configs.disableTypeChecked.languageOptions, globals: { ...globals.node } },
  },
  {
    // The portal's own scripts run in the browser.
    files: ['packages/testbed/src/portal/**/*.js'],
    languageOptions: { globals: { ...globals.browser } },
  },
  {
    // Tests assert on DOM state; Chai's property assertions look like unused expressions.
    files: ['packages/*/test/**/*.ts'],
    rules: {
      '@typescript-eslint/no-unused-expressions': 'off',
      '@typescript-eslint/no-non-null-assertion': 'off',
      // Mocha's it()/describe() are typed as returning thenables; they are not promises to await.
      '@typescript-eslint/no-floating-promises': 'off',
    },
  },
);
