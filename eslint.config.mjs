// Lint: typescript-eslint on every side; the pure core (domain/, app/) must not touch Apps Script globals.
import js from '@eslint/js';
import globals from 'globals';
import tseslint from 'typescript-eslint';

const appsScriptGlobals = [
  'SpreadsheetApp', 'UrlFetchApp', 'PropertiesService', 'CacheService', 'LockService', 'ScriptApp',
  'HtmlService', 'MailApp', 'Utilities', 'Session', 'Logger', 'Charts', 'DriveApp', 'GmailApp', 'console',
].map((name) => ({ name, message: 'The core takes plain data: reach Apps Script through a port (src/server/app/ports.ts).' }));

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', 'out/**', 'coverage/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
    },
  },
  { files: ['src/server/**/*.ts'], languageOptions: { globals: { ...globals.es2021 } } },
  {
    files: ['src/server/domain/**/*.ts', 'src/server/app/**/*.ts'],
    rules: {
      'no-restricted-globals': ['error', ...appsScriptGlobals],
      'no-restricted-syntax': [
        'error',
        { selector: "CallExpression[callee.object.name='Date'][callee.property.name='now']", message: 'The core gets the time from a Clock port.' },
      ],
    },
  },
  { files: ['src/client/**/*.ts'], languageOptions: { globals: { ...globals.browser } } },
  { files: ['test/**/*.ts', 'scripts/**/*.{ts,mjs}', '*.{ts,mjs,cjs}'], languageOptions: { globals: { ...globals.node } } },
  { files: ['**/*.cjs'], rules: { '@typescript-eslint/no-require-imports': 'off' } },
);
