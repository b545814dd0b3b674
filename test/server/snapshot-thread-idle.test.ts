import fs from 'node:fs'
import { afterAll, describe, expect, it, vi } from 'vitest'
import { SnapshotThread } from '../../server/domain/replay/worker/snapshotThread'
import { seedRegions, tempDataDir, testConfig } from '../helpers/app'
import { TEST_REGIONS } from '../helpers/regions'

const dirs: string[] = []
afterAll(() => {
  for (const d of dirs) fs.rmSync(d, { recursive: true, force: true })
})

async function threadData() {
  const dataDir = tempDataDir()
  dirs.push(dataDir)
  await seedRegions(dataDir, TEST_REGIONS, 'sqlite')
  const config = testConfig(dataDir, { databaseUrl: null })
  return { dataDir, regions: TEST_REGIONS, limits: config.timeLimits, disputeCategories: [...config.disputeCategories] }
}

// The snapshot thread keeps an aggregator of every unresolved case built between snapshots (as much
// memory as the live figures); asked nothing for `idleMs`, it ends, and the next request starts it again.
describe('the snapshot thread ended when idle', { timeout: 60_000 }, () => {
  it('ends once idle, and the next request starts it again and is answered', async () => {
    const thread = new SnapshotThread(await threadData(), undefined, 50)
    try {
      expect(thread.running).toBe(false)
      expect(await thread.write(0, Date.now())).toBeGreaterThan(0)
      expect(thread.started).toBe(1)
      await vi.waitFor(() => expect(thread.running).toBe(false), { timeout: 10_000, interval: 20 })
      expect(await thread.thin(Date.now())).toBe(0)
      expect(thread.started).toBe(2)
    } finally {
      await thread.close()
    }
  })

  it('answers every request of a sequence each of which finds the last thread ended or ending (its exit fails none of the next one\'s)', async () => {
    const thread = new SnapshotThread(await threadData(), undefined, 1)
    try {
      for (let i = 0; i < 6; i++) {
        expect(await thread.write(0, Date.now())).toBeGreaterThan(0)
        // Just past the idle time: the last thread ends as (or just before) the next starts.
        await vi.waitFor(() => expect(thread.running).toBe(false), { timeout: 10_000, interval: 1 })
      }
      expect(thread.started).toBe(6)
    } finally {
      await thread.close()
    }
  })

  it('with idleMs 0 keeps one thread for every request', async () => {
    const thread = new SnapshotThread(await threadData(), undefined, 0)
    try {
      for (let i = 0; i < 3; i++) expect(await thread.write(0, Date.now())).toBeGreaterThan(0)
      expect(thread.running).toBe(true)
      expect(thread.started).toBe(1)
    } finally {
      await thread.close()
    }
  })
})
