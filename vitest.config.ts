import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['src/**/*.test.ts', 'test/**/*.test.ts', 'web/src/**/*.test.ts'],
    testTimeout: 30_000,
    hookTimeout: 120_000,
    // What a browser shows after a request may take seconds on a busy machine; a poll fails only after 10 s.
    expect: { poll: { timeout: 10_000 } },
    pool: 'forks',
    // In CI a JSON report lets .ci/run print one "N passed, N failed" line.
    reporters: process.env.CI ? ['default', 'json'] : ['default'],
    outputFile: { json: 'test-results.json' },
  },
});
