import { defineConfig } from 'vitest/config';

// One run covers every workspace. Tests that open the embedded store run in separate
// processes (the default `forks` pool): chDB lets one process hold one data directory.
export default defineConfig({
  test: {
    include: ['collector/src/**/*.test.ts', 'sdk-hook/src/**/*.test.ts', 'dashboard/src/**/*.test.{ts,tsx}', 'test/**/*.test.ts'],
    exclude: ['**/node_modules/**', '**/dist/**'],
    pool: 'forks',
    testTimeout: 60_000,
    hookTimeout: 120_000,
  },
});
