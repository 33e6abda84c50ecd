/**
 * Jest runs the TypeScript tests transpiled by esbuild (test/helpers/transform.js); type errors are caught by
 * `npm run typecheck`.
 *
 * Three workers on these 2-core machines: many tests wait on real servers and child processes (kubectl, promtool,
 * nginx, Chromium), so a third worker fills the cores while the others wait (`npm run measure:tests`).
 */
module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/test'],
  testMatch: ['**/*.test.ts'],
  transform: { '^.+\\.ts$': '<rootDir>/test/helpers/transform.js' },
  testTimeout: 60000,
  maxWorkers: 3,
};
