// A small rule set whose point is the async store: a store call that is not awaited (a floating promise),
// a promise where a value or a void callback is expected, and an await on something that is not a promise.
// Type-aware, so it reads the same tsconfig as `npm run typecheck`. Plus the rules of React hooks.
import reactHooks from 'eslint-plugin-react-hooks';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['out/**', 'node_modules/**', 'test-results/**', 'electron/ensure-runtime.mjs', 'stryker.config.mjs', 'eslint.config.js', '.stryker-tmp/**',
    // electron-vite writes its bundled config beside the original while it builds (npm test runs the build
    // beside ESLint, test/together.mjs): a file that may vanish between ESLint listing and reading it
    'electron.vite.config.ts.*.mjs'] },
  {
    files: ['**/*.ts', '**/*.tsx'],
    languageOptions: {
      parser: tseslint.parser,
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    plugins: { '@typescript-eslint': tseslint.plugin },
    linterOptions: { reportUnusedDisableDirectives: 'off' },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      // a promise returned from inside try is not caught by its catch (nor finished before its finally): await it there
      '@typescript-eslint/return-await': ['error', 'error-handling-correctness-only'],
      '@typescript-eslint/no-misused-promises': 'error',
      '@typescript-eslint/await-thenable': 'error',
    },
  },
  {
    files: ['renderer/**/*.tsx', 'renderer/**/*.ts'],
    plugins: { 'react-hooks': reactHooks },
    rules: {
      'react-hooks/rules-of-hooks': 'error',
      'react-hooks/exhaustive-deps': 'warn',
      // an async onClick is how the screens call the core; their errors are shown by the call helper
      '@typescript-eslint/no-misused-promises': ['error', { checksVoidReturn: { attributes: false, properties: false } }],
    },
  },
);
