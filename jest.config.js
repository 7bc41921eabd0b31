/** @type {import('jest').Config} */
module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/test'],
  testMatch: ['**/*.test.ts', '**/*.test.tsx'],
  transform: {
    '^.+\\.(t|j)sx?$': [
      '@swc/jest',
      {
        jsc: { parser: { syntax: 'typescript', tsx: true }, transform: { react: { runtime: 'automatic' } }, target: 'es2022' },
        module: { type: 'commonjs' },
      },
    ],
  },
  // openapi-backend (contract checks, local-site/) requires @apidevtools/json-schema-ref-parser 16, which is ESM only.
  transformIgnorePatterns: ['/node_modules/(?!@apidevtools/json-schema-ref-parser/)'],
  // Every test fails on a contract violation seen by the local site (local-site/contract/).
  setupFilesAfterEnv: ['<rootDir>/test/support/contract-guard.ts'],
  reporters: ['default', '<rootDir>/test/support/contract-reporter.js'],
  testTimeout: 30000,
};
