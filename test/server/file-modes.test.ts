import fs from 'node:fs'
import path from 'node:path'
import Database from 'better-sqlite3'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { demoRegions } from '../../server/demo/regions'
import { closeRing } from '../../server/geo/geometry'
import { adminToken, ingestHeaders, seedRegions, tempDataDir, testApp } from '../helpers/app'
import { reported } from '../helpers/events'

const modeOf = (p: string) => fs.statSync(p).mode & 0o777
const modes = (dir: string) => Object.fromEntries(fs.readdirSync(dir).map((f) => [f, modeOf(path.join(dir, f)).toString(8)]))
const regions = demoRegions()

/** A map import of 秀洲区's towns (small squares): kept in the database, it adds no file of its own. */
const xiuzhouTowns = {
  region: '330411',
  geojson: {
    type: 'FeatureCollection',
    features: regions
      .filter((r) => r.parent === '330411')
      .map((t) => ({
        type: 'Feature',
        properties: { name: t.name },
        geometry: { type: 'Polygon', coordinates: [closeRing([[t.lng! - 0.01, t.lat! - 0.01], [t.lng! + 0.01, t.lat! - 0.01], [t.lng! + 0.01, t.lat! + 0.01], [t.lng! - 0.01, t.lat! + 0.01]])] },
      })),
  },
}

describe.skipIf(process.platform === 'win32')('the data directory is private to the server', () => {
  // A permissive umask, as a careless service unit might leave it: the modes must not depend on it.
  let umask: number
  beforeAll(() => {
    umask = process.umask(0o000)
  })
  afterAll(() => {
    process.umask(umask)
  })

  it('a fresh install: directory 0700, database and snapshot file, their WAL and shared memory 0600, imported maps inside the database', async () => {
    const dataDir = path.join(tempDataDir(), 'data')
    // The SQLite file's modes, whatever YIPING_TEST_STORE says.
    await seedRegions(dataDir, regions, 'sqlite')
    const { app } = await testApp({ dataDir })
    try {
      const res = await app.inject({ method: 'POST', url: '/api/v1/events', headers: ingestHeaders, payload: { events: [reported('M1', '330411001001')] } })
      expect(res.statusCode).toBe(200)
      const imported = await app.inject({ method: 'POST', url: '/api/v1/geo', headers: { authorization: `Bearer ${await adminToken(app)}` }, payload: xiuzhouTowns })
      expect(imported.statusCode).toBe(200)

      expect(modeOf(dataDir).toString(8)).toBe('700')
      // With the server running the WAL and shared-memory files exist: they took the database's mode.
      expect(modes(dataDir)).toEqual({ 'yiping.sqlite': '600', 'yiping.sqlite-wal': '600', 'yiping.sqlite-shm': '600', 'snapshots.sqlite': '600', 'snapshots.sqlite-wal': '600', 'snapshots.sqlite-shm': '600' })
      expect(await app.store.maps.get('district-330411.json')).not.toBeNull()
    } finally {
      await app.close()
    }
  })

  it('an existing install left readable by everyone is narrowed at start-up', async () => {
    const dataDir = tempDataDir()
    await seedRegions(dataDir, regions, 'sqlite')
    // As an older version left it, with its WAL still there (it was running, or was killed).
    const file = path.join(dataDir, 'yiping.sqlite')
    const older = new Database(file)
    older.pragma('journal_mode = WAL')
    older.prepare('SELECT count(*) FROM regions').get()
    fs.mkdirSync(path.join(dataDir, 'geo'))
    fs.writeFileSync(path.join(dataDir, 'geo', 'district-330411.json'), '{}', { mode: 0o644 })
    for (const f of [file, `${file}-wal`, `${file}-shm`, path.join(dataDir, 'geo', 'district-330411.json')]) fs.chmodSync(f, 0o644)
    for (const d of [dataDir, path.join(dataDir, 'geo')]) fs.chmodSync(d, 0o755)

    const { app } = await testApp({ dataDir })
    try {
      expect(modeOf(dataDir).toString(8)).toBe('700')
      expect(modes(dataDir)).toEqual({ 'yiping.sqlite': '600', 'yiping.sqlite-wal': '600', 'yiping.sqlite-shm': '600', 'snapshots.sqlite': '600', 'snapshots.sqlite-wal': '600', 'snapshots.sqlite-shm': '600', geo: '700' })
      expect(modes(path.join(dataDir, 'geo'))).toEqual({ 'district-330411.json': '600' })
    } finally {
      older.close()
      await app.close()
    }
  })
})
