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
    // expect.poll waits for work done elsewhere (a REST round trip and a render in Chromium, a
    // push, an export): vitest's default of 1 s is too short beside the other files on 2 cores.
    // A poll that passes returns at once; this only bounds how long a failing one keeps asking.
    expect: { poll: { timeout: 10_000 } },
    pool: 'forks',
  },
})
