import fs from 'node:fs'
import path from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { BUNDLE_FILE, MANIFEST_FILE, PROJECT_ROOT, snapshotWorkerEntry, type BundleManifest } from '../../server/domain/replay/worker/entry'
import { SnapshotThread } from '../../server/domain/replay/worker/snapshotThread'
import { buildSnapshotWorker } from '../../scripts/build/snapshotWorker'
import { seedRegions, tempDataDir, testConfig } from '../helpers/app'
import { TEST_REGIONS } from '../helpers/regions'

const bootstrap = 'bootstrap.mjs'
const dirs: string[] = []
const temp = () => {
  const d = tempDataDir()
  dirs.push(d)
  return d
}
/** A bundle's directory inside the project (dist/, ignored by git): its packages are found in the project's node_modules. */
const bundleDir = () => {
  fs.mkdirSync(path.join(PROJECT_ROOT, 'dist'), { recursive: true })
  const d = fs.mkdtempSync(path.join(PROJECT_ROOT, 'dist', 'test-snapshot-worker-'))
  dirs.push(d)
  return d
}
afterAll(() => {
  for (const d of dirs) fs.rmSync(d, { recursive: true, force: true })
})

describe('the module the snapshot thread starts from', { timeout: 60_000 }, () => {
  it('is the built bundle while its sources are unchanged, bootstrap.mjs when it is missing or any source changed', async () => {
    const out = bundleDir()
    expect(path.basename(snapshotWorkerEntry(out).pathname)).toBe(bootstrap)

    const manifest = await buildSnapshotWorker(out)
    expect(Object.keys(manifest.inputs)).toContain('server/domain/replay/worker/snapshotWorker.ts')
    expect(Object.keys(manifest.inputs)).toContain('server/domain/replay/replayer.ts')
    expect(snapshotWorkerEntry(out).pathname).toBe(path.join(out, BUNDLE_FILE))

    // A source edited after the build (its hash differs): the thread compiles the sources instead.
    const edited: BundleManifest = { inputs: { ...manifest.inputs, 'server/domain/replay/replayer.ts': '0'.repeat(64) } }
    fs.writeFileSync(path.join(out, MANIFEST_FILE), JSON.stringify(edited))
    expect(path.basename(snapshotWorkerEntry(out).pathname)).toBe(bootstrap)
    // A source the build read and that is gone.
    fs.writeFileSync(path.join(out, MANIFEST_FILE), JSON.stringify({ inputs: { ...manifest.inputs, 'server/gone.ts': '0'.repeat(64) } }))
    expect(path.basename(snapshotWorkerEntry(out).pathname)).toBe(bootstrap)
    fs.writeFileSync(path.join(out, MANIFEST_FILE), 'not json')
    expect(path.basename(snapshotWorkerEntry(out).pathname)).toBe(bootstrap)
  })

  it('runs from the bundle without a TypeScript loader: a thread started from it answers', async () => {
    const out = bundleDir()
    await buildSnapshotWorker(out)
    const dataDir = temp()
    await seedRegions(dataDir, TEST_REGIONS, 'sqlite')
    const config = testConfig(dataDir, { databaseUrl: null })
    const data = { dataDir, regions: TEST_REGIONS, limits: config.timeLimits, disputeCategories: [...config.disputeCategories] }
    const fromBundle = new SnapshotThread(data, snapshotWorkerEntry(out))
    expect(fromBundle.entry.pathname).toBe(path.join(out, BUNDLE_FILE))
    try {
      // Nothing to drop on a store without snapshots; the answer comes from the thread's own connection.
      expect(await fromBundle.thin(Date.now())).toBe(0)
      expect(await fromBundle.write(0, Date.now())).toBeGreaterThan(0)
    } finally {
      await fromBundle.close()
    }
  })
})
