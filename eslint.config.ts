// Lint rules: typescript-eslint's recommended type-aware set, plus the project's habits (no console
// in the product, no floating promises, imports from the layers allowed). Formatting is Prettier's.
import js from '@eslint/js';
import prettier from 'eslint-config-prettier';
import globals from 'globals';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['node_modules/', 'dist/', '.data*/', 'coverage/'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none' }],
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'inline-type-imports' }],
      eqeqeq: ['error', 'smart'],
      'no-console': 'error',
    },
  },
  { files: ['src/client/**/*.ts', 'scripts/sandbox/client/**/*.ts'], languageOptions: { globals: { ...globals.browser } } },
  {
    // Pages are rendered through the typed map of templates (src/presenters/views.ts).
    files: ['src/**/*.ts'],
    ignores: ['src/presenters/views.ts', 'src/client/**'],
    rules: {
      'no-restricted-syntax': [
        'error',
        {
          selector: "CallExpression[callee.property.name='render'][arguments.0.type='Literal']",
          message: 'render pages with render() from src/presenters/views.ts: it checks the view model against the template',
        },
      ],
    },
  },
  {
    // The product never depends on the tools beside it (sandbox, simulator, research CLIs).
    files: ['src/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        { patterns: [{ group: ['**/scripts/**'], message: 'src/ must not import from scripts/ (tools live outside the product)' }] },
      ],
    },
  },
  {
    // The domain is pure: no database, no web framework, no LTI library.
    files: ['src/domain/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: ['mongoose', 'express', 'ltijs', 'node:http', 'node:fs'].map((name) => ({
            name,
            message: 'src/domain is pure: do I/O in repositories or commands',
          })),
          patterns: [
            {
              group: ['**/repositories/**', '**/commands/**', '**/routes/**', '**/lti/**', '**/db/**'],
              message: 'src/domain must not depend on outer layers',
            },
          ],
        },
      ],
    },
  },
  { files: ['scripts/**/*.ts', 'test/**/*.ts', 'scripts/**/*.cts', 'test/**/*.cts'], rules: { 'no-console': 'off' } },
  // CommonJS modules (mocha loads reporters with require) import with require.
  { files: ['**/*.cts'], rules: { '@typescript-eslint/no-require-imports': 'off' } },
  prettier,
);
