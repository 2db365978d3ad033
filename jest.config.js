/** @type {import('jest').Config} */
export default {
  testEnvironment: '<rootDir>/tests/node-environment.js',
  extensionsToTreatAsEsm: ['.ts'],
  moduleNameMapper: { '^(\\.{1,2}/.*)\\.js$': '$1' },
  transform: { '^.+\\.ts$': ['ts-jest', { useESM: true }] },
  testMatch: ['<rootDir>/tests/**/*.test.ts'],
  testTimeout: 60000,
  // dist/ is built once before the suites (the batch tests run the built CLI), and a Postgres found or started
  globalSetup: '<rootDir>/tests/global-setup.js',
  // stops the throwaway Postgres the setup may have started
  globalTeardown: '<rootDir>/tests/global-teardown.js',
};
