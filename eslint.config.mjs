import tseslint from 'typescript-eslint';
import prettierOff from 'eslint-config-prettier';

export default tseslint.config(
  { ignores: ['node_modules/**', 'static/*/build/**', 'test-artifacts/**'] },
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'no-restricted-syntax': [
        'error',
        { selector: "MemberExpression[object.name='jest'][property.name='mock']", message: 'Use the local site fakes, not jest.mock.' },
      ],
    },
  },
  {
    // The domain core is pure: no Forge SDK, no network, no clock.
    files: ['src/domain/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        { patterns: ['@forge/*', '../adapters/*', '../../adapters/*', '../usecases/*', '../../usecases/*'] },
      ],
      'no-restricted-properties': [
        'error',
        { object: 'Date', property: 'now', message: 'Pass the time in: the domain core reads no clock.' },
      ],
      'no-restricted-syntax': [
        'error',
        { selector: "NewExpression[callee.name='Date'][arguments.length=0]", message: 'Pass the time in: the domain core reads no clock.' },
      ],
    },
  },
  {
    // The UI bundles take resolver keys and types from src/contracts only: the rest of src/ brings
    // zod, the Forge SDK or server code into the browser, and couples the UI to internals.
    files: ['static/**/*.{ts,tsx}'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              regex: '(^|/)src/(domain|usecases|adapters|entry)(/|$)',
              message: 'static/ imports resolver keys and types from src/contracts only.',
            },
          ],
        },
      ],
    },
  },
  // Formatting is Prettier's (npm run format:check in npm test): eslint's style rules stay off.
  prettierOff,
);
