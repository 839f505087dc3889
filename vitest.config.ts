import { defineConfig } from 'vitest/config';

// One run covers every workspace. Tests that open the embedded store run in separate
// processes (the default `forks` pool): chDB lets one process hold one data directory.
// In CI a JSON report is written too, so .ci/run can print "N passed, N failed".
export default defineConfig({
  test: {
    include: ['contract/src/**/*.test.ts', 'collector/src/**/*.test.ts', 'sdk-hook/src/**/*.test.ts', 'dashboard/src/**/*.test.{ts,tsx}', 'test/**/*.test.ts'],
    exclude: ['**/node_modules/**', '**/dist/**'],
    pool: 'forks',
    testTimeout: 60_000,
    hookTimeout: 120_000,
    // A poll waits for what a real browser or store does next; on a loaded 2-core machine that
    // can take seconds, and the default 1 s made correct tests fail.
    expect: { poll: { timeout: 10_000 } },
    reporters: process.env.CI ? ['default', ['json', { outputFile: 'test-output/vitest.json' }]] : ['default'],
  },
});
