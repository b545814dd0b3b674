import { spawnSync } from 'node:child_process'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { demoRegions } from '../../server/demo/regions'
import { closeRing, polygonsOf, type Position } from '../../server/geo/geometry'
import { importGeo } from '../../server/geo/importGeo'
import type { GeoFile, Manifest } from '../../server/geo/output'
import { GeoImportError, validateGeoImport } from '../../server/geo/validate'

const regions = demoRegions()
const XIUZHOU = '330411'
const towns = regions.filter((r) => r.parent === XIUZHOU)
const box = (lng: number, lat: number, r = 0.01): Position[] => closeRing([[lng - r, lat - r], [lng + r, lat - r], [lng + r, lat + r], [lng - r, lat + r]])

/** "Official" town boundaries for 秀洲区: a small square around every town centre. */
function official(): { type: string; features: Array<{ type: string; properties: Record<string, unknown>; geometry: { type: string; coordinates: unknown } }> } {
  return {
    type: 'FeatureCollection',
    features: towns.map((t, i) => ({
      type: 'Feature',
      properties: i % 2 ? { name: t.name } : { code: t.code, name: `${t.name}` },
      geometry: { type: 'Polygon', coordinates: [box(t.lng!, t.lat!)] },
    })),
  }
}

const check = (input: unknown, regionCode = XIUZHOU) => validateGeoImport(typeof input === 'string' ? input : JSON.stringify(input), { regionCode, regions })
const errorsOf = (input: unknown, regionCode?: string) => {
  const r = check(input, regionCode)
  expect(r.ok).toBe(false)
  return r.ok ? [] : r.errors
}

describe('validating official GeoJSON', () => {
  it('accepts a good file, naming towns by code or by name', () => {
    const r = check(official())
    expect(r.ok).toBe(true)
    if (!r.ok) return
    expect(r.value.features.map((f) => f.code)).toEqual(towns.map((t) => t.code))
    expect(r.value.level).toBe('district')
    expect(r.value.warnings).toEqual([])
  })

  it('warns about children left without a polygon', () => {
    const fc = official()
    fc.features.pop()
    const r = check(fc)
    expect(r.ok && r.value.warnings[0]).toMatch(/no polygon for 1 of 9 children: 油车港镇/)
  })

  it('rejects text that is not JSON', () => {
    expect(errorsOf('{"type": "FeatureCollection", features: [')[0]).toMatch(/^not JSON: /)
  })

  it('rejects the wrong type', () => {
    expect(errorsOf({ type: 'Feature', properties: {}, geometry: null })[0]).toBe('expected a GeoJSON FeatureCollection, got type "Feature"')
    expect(errorsOf([1, 2])[0]).toMatch(/got an array/)
    expect(errorsOf({ type: 'FeatureCollection', features: [] })[0]).toMatch(/no features/)
    const fc = official()
    fc.features[2]!.geometry = { type: 'Point', coordinates: [120.7, 30.7] }
    expect(errorsOf(fc)[0]).toMatch(/^feature 2 \(.+\): geometry type "Point" is not Polygon or MultiPolygon$/)
  })

  it('rejects an unclosed ring', () => {
    const fc = official()
    ;(fc.features[1]!.geometry.coordinates as Position[][])[0]!.pop()
    expect(errorsOf(fc)[0]).toMatch(/^feature 1 \(嘉北街道\) ring 0: is not closed \(first position \[.+\], last \[.+\]; they must be equal\)$/)
  })

  it('rejects longitudes out of range, and coordinates far from the region', () => {
    const fc = official()
    ;(fc.features[0]!.geometry.coordinates as Position[][])[0]![1] = [200.5, 30.7]
    expect(errorsOf(fc)[0]).toMatch(/^feature 0 \(新城街道\) ring 0 position 1: \[200.5,30.7\] is out of range \(lng −180…180, lat −90…90\)/)
    const swapped = official()
    swapped.features[0]!.geometry.coordinates = [box(110, 30)]
    expect(errorsOf(swapped)[0]).toMatch(/lies around \(110\.000, 30\.000\), 10\.\d° from 秀洲区 .*lng\/lat degrees/)
    const nan = official()
    ;(nan.features[0]!.geometry.coordinates as unknown[][])[0]![1] = ['120.7', 30.7]
    expect(errorsOf(nan)[0]).toMatch(/is not \[lng, lat\] with finite numbers/)
  })

  it('rejects a feature naming no region of the target, and duplicates', () => {
    const fc = official()
    fc.features[3]!.properties = { name: '不存在镇' }
    expect(errorsOf(fc)[0]).toMatch(/^feature 3 \(不存在镇\): name "不存在镇" is not a child region of 秀洲区 330411 \(its children: 新城街道 330411001, .*\)$/)
    const dup = official()
    dup.features[4]!.properties = { name: towns[0]!.name }
    expect(errorsOf(dup)[0]).toMatch(/^feature 4 \(新城街道\): 新城街道 330411001 already has a polygon \(feature 0\)$/)
    expect(errorsOf(official(), '330999')[0]).toBe('region 330999 is not in the region tree')
    expect(errorsOf(official(), '330411001001')[0]).toMatch(/is a village/)
  })
})

describe('importing official boundaries', () => {
  const dirs: string[] = []
  afterAll(() => dirs.forEach((d) => fs.rmSync(d, { recursive: true, force: true })))
  const tmp = () => {
    const d = fs.mkdtempSync(path.join(os.tmpdir(), 'yiping-geo-import-'))
    dirs.push(d)
    return d
  }

  it('writes district-<code>.json with schematic: false and the villages, and records it in the manifest', () => {
    const out = tmp()
    const r = importGeo(JSON.stringify(official()), { regionCode: XIUZHOU, regions, from: 'xiuzhou.geojson', outDir: out, at: '2025-01-01T00:00:00Z' })
    expect(r.fileName).toBe('district-330411.json')
    const file = JSON.parse(fs.readFileSync(path.join(out, r.fileName), 'utf8')) as GeoFile
    expect(file.schematic).toBe(false)
    expect(file.imported).toEqual({ from: 'xiuzhou.geojson', at: '2025-01-01T00:00:00Z' })
    expect(file.features.map((f) => f.properties.code)).toEqual(towns.map((t) => t.code))
    expect(file.features.every((f) => f.properties.schematic === false && polygonsOf(f.geometry).length === 1)).toBe(true)
    expect(file.villages!.length).toBeGreaterThan(50)
    const m = JSON.parse(fs.readFileSync(path.join(out, 'manifest.json'), 'utf8')) as Manifest
    expect(m.files).toEqual([expect.objectContaining({ file: 'district-330411.json', schematic: false, bytes: r.bytes })])
    // Without a built manifest the version is 0, so `npm run build` builds the rest around it.
    expect(m.version).toBe(0)
  })

  it('throws every problem and replaces nothing when the file is bad', () => {
    const out = tmp()
    importGeo(JSON.stringify(official()), { regionCode: XIUZHOU, regions, from: 'good', outDir: out })
    const before = fs.readFileSync(path.join(out, 'district-330411.json'), 'utf8')
    const bad = official()
    bad.features[0]!.properties = { name: 'x' }
    bad.features[1]!.geometry.coordinates = [[[120, 30]]]
    let error: unknown
    try {
      importGeo(JSON.stringify(bad), { regionCode: XIUZHOU, regions, from: 'bad', outDir: out })
    } catch (err) {
      error = err
    }
    expect(error).toBeInstanceOf(GeoImportError)
    expect((error as GeoImportError).errors).toHaveLength(2)
    expect(fs.readFileSync(path.join(out, 'district-330411.json'), 'utf8')).toBe(before)
    expect(fs.readdirSync(out).sort()).toEqual(['district-330411.json', 'manifest.json'])
  })

  it('the CLI exits 2 with a clear message on bad GeoJSON, and 0 on good', () => {
    const out = tmp()
    const badFile = path.join(out, 'bad.geojson')
    fs.writeFileSync(badFile, '{"type":"FeatureCollection","features":[{"type":"Feature","properties":{"name":"新城街道"},"geometry":{"type":"Polygon","coordinates":[[[120.7,30.7],[120.8,30.7],[120.8,30.8]]]}}]}')
    const goodFile = path.join(out, 'good.geojson')
    fs.writeFileSync(goodFile, JSON.stringify(official()))
    const run = (file: string) =>
      spawnSync(process.execPath, ['--import', 'tsx', 'scripts/geo/import.ts', XIUZHOU, file, '--out', path.join(out, 'geo')], {
        encoding: 'utf8',
        env: { ...process.env, YIPING_DATA_DIR: '' },
      })
    const bad = run(badFile)
    expect(bad.status).toBe(2)
    expect(bad.stderr).toContain('was not imported (nothing was replaced)')
    expect(bad.stderr).toMatch(/ring 0: has 3 positions; a ring needs at least 4/)
    expect(fs.existsSync(path.join(out, 'geo'))).toBe(false)
    const good = run(goodFile)
    expect(good.stderr).toBe('')
    expect(good.status).toBe(0)
    expect(fs.existsSync(path.join(out, 'geo', 'district-330411.json'))).toBe(true)
  })
})
