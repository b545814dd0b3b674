import { defineConfig } from 'vitest/config'

// Server, shared and browser tests run in Node; each test file builds its own app on a random
// port with its own data directory, so files can run in parallel.
export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    globalSetup: ['test/helpers/global-setup.ts'],
    environment: 'node',
    testTimeout: 30_000,
    hookTimeout: 120_000,
    pool: 'forks',
  },
})
