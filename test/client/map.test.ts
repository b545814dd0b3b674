import fs from 'node:fs'
import { describe, expect, it } from 'vitest'
import { planLabels, type LabelWish } from '../../client/src/charts/options/labelPlan'
import { circleReaches, circleRing, distanceM } from '../../client/src/map/circle'
import type { GeoFile, ManifestEntry } from '../../client/src/map/geoFiles'
import { niceRange } from '../../client/src/map/metrics'
import { buildScene, entryFor, type TreeLookup } from '../../client/src/map/scene'
import { demoRegions } from '../../server/demo/regions'

/** The map's pure parts, on the committed map files and the demo tree. */
const tree: TreeLookup = { byCode: new Map(demoRegions().map((r) => [r.code, r])) }
const manifest = (JSON.parse(fs.readFileSync('public/geo/manifest.json', 'utf8')) as { files: ManifestEntry[] }).files
const file = (code: string) => {
  const entry = entryFor(code, tree, manifest)!
  return JSON.parse(fs.readFileSync(`public/geo/${entry.file}`, 'utf8')) as GeoFile
}

describe('map scenes', () => {
  it('picks the file whose features are the children: the province, a city, a district, and the district for its towns and villages', () => {
    expect(entryFor('330000', tree, manifest)?.file).toBe('zhejiang.json')
    expect(entryFor('330400', tree, manifest)?.file).toBe('city-330400.json')
    expect(entryFor('330411', tree, manifest)?.file).toBe('district-330411.json')
    expect(entryFor('330411005', tree, manifest)?.file).toBe('district-330411.json')
    expect(entryFor('330411005001', tree, manifest)?.file).toBe('district-330411.json')
  })

  it('draws the tree\'s children as areas and the rest of the file as context', () => {
    const province = buildScene('330000', file('330000'), tree)!
    expect(province.kind).toBe('regions')
    expect(province.areas.map((a) => a.name).sort()).toEqual(['嘉兴市', '杭州市'])
    expect(province.context).toHaveLength(9)
    expect(province.schematic).toBe(false)
    expect(province.district).toBeNull()
    // Shapes keep their aspect: a degree of longitude is about cos(30°) of one of latitude.
    expect(province.aspectScale).toBeGreaterThan(0.85)
    expect(province.aspectScale).toBeLessThan(0.89)
    const district = buildScene('330411', file('330411'), tree)!
    expect(district.areas).toHaveLength(9)
    expect(district.schematic).toBe(true)
    expect(district.district).toBe('330411')
  })

  it('shows a town as its cell with its villages as points, and a village close up', () => {
    const town = buildScene('330411005', file('330411005'), tree)!
    expect(town.kind).toBe('town')
    expect(town.geo.features.map((f) => f.properties.code)).toEqual(['330411005'])
    const villages = [...tree.byCode.values()].filter((r) => r.parent === '330411005')
    expect(town.points.map((p) => p.code).sort()).toEqual(villages.map((v) => v.code).sort())
    const village = buildScene(villages[0]!.code, file(villages[0]!.code), tree)!
    expect(village.kind).toBe('village')
    expect(village.points.map((p) => p.code)).toEqual([villages[0]!.code])
    const [[w, n], [e, s]] = village.bounds
    const { lng, lat } = village.points[0]!
    expect(lng > w && lng < e && lat > s && lat < n).toBe(true)
  })

  it('places every area\'s name within its area\'s bounds', () => {
    for (const code of ['330000', '330100', '330111', '330127', '330411']) {
      const f = file(code)
      const scene = buildScene(code, f, tree)!
      for (const a of scene.areas) {
        const feature = f.features.find((x) => x.properties.code === a.code)!
        const pts = (feature.geometry.type === 'Polygon' ? [feature.geometry.coordinates] : feature.geometry.coordinates).flat(2)
        const lngs = pts.map((p) => p[0])
        const lats = pts.map((p) => p[1])
        expect(a.lng >= Math.min(...lngs) && a.lng <= Math.max(...lngs) && a.lat >= Math.min(...lats) && a.lat <= Math.max(...lats), a.name).toBe(true)
      }
    }
  })
})

describe('the five-minute rescue circle', () => {
  it('is a closed ring at the true radius all round', () => {
    const ring = circleRing(120.71, 30.76, 2500)
    expect(ring[0]).toEqual(ring[ring.length - 1])
    for (const p of ring) expect(Math.abs(distanceM([120.71, 30.76], p) - 2500)).toBeLessThan(1)
    // Wider in degrees of longitude than of latitude, as a circle is at 30° N.
    const lngs = ring.map((p) => p[0])
    const lats = ring.map((p) => p[1])
    const ratio = (Math.max(...lngs) - Math.min(...lngs)) / (Math.max(...lats) - Math.min(...lats))
    expect(ratio).toBeCloseTo(1 / Math.cos((30.76 * Math.PI) / 180), 2)
  })

  it('knows whether it reaches into a view', () => {
    const view: [[number, number], [number, number]] = [[120.7, 30.8], [120.8, 30.7]]
    expect(circleReaches(view, 120.75, 30.75, 100)).toBe(true)
    expect(circleReaches(view, 120.82, 30.75, 2500)).toBe(true)
    expect(circleReaches(view, 120.9, 30.75, 2500)).toBe(false)
  })
})

describe('the metric legend range', () => {
  it('starts at zero unless every figure is far from it', () => {
    expect(niceRange([0, 0, null])).toEqual({ min: 0, max: 1 })
    expect(niceRange([3, 1, 0])).toEqual({ min: 0, max: 3 })
    expect(niceRange([1019, 1979, 1400])).toEqual({ min: 1000, max: 2000 })
    expect(niceRange([12_230, 43_704])).toEqual({ min: 0, max: 50_000 })
    expect(niceRange([30_100, 43_704])).toEqual({ min: 30_000, max: 50_000 })
    expect(niceRange([16.6, 8.1])).toEqual({ min: 5, max: 20 })
  })
})

describe('area labels', () => {
  const view = { x: 300, y: 0, width: 300, height: 400 }
  const columns = { left: { x: 50, width: 240 }, right: { x: 610, width: 240 } }
  const wish = (x: number, y: number, priority: number): LabelWish => ({ x, y, priority, inside: { width: 80, height: 40 }, callout: { width: 120, height: 20 } })

  it('keeps names on their areas while they fit, and moves the others beside the map without overlaps', () => {
    const wishes = [wish(400, 100, 5), wish(410, 110, 9), wish(520, 115, 1), wish(415, 300, 3), wish(560, 120, 2)]
    const plan = planLabels(wishes, view, columns, 400, 4)
    expect(plan[1]).toEqual({ mode: 'inside' }) // the biggest figure keeps its place
    expect(plan[3]).toEqual({ mode: 'inside' })
    expect(plan[0]).toMatchObject({ mode: 'left', x: 290 }) // west of the middle: left column, right-aligned at its edge
    expect(plan[4]).toEqual({ mode: 'inside' })
    expect(plan[2]).toMatchObject({ mode: 'right', x: 610 }) // east of the middle: right column, left-aligned
    expect(plan.some((p) => p.mode === 'hidden')).toBe(false)
    // Stacked callouts never overlap.
    const crowded = planLabels([wish(350, 200, 1), wish(352, 201, 0), wish(351, 202, 2)], view, columns, 400, 4)
    const ys = crowded.flatMap((p) => (p.mode === 'left' ? [p.y] : [])).sort((a, b) => a - b)
    expect(ys).toHaveLength(2)
    expect(ys[1]! - ys[0]!).toBeGreaterThanOrEqual(24)
  })

  it('drops the least important names only when a column is full', () => {
    const wishes = Array.from({ length: 30 }, (_, i) => wish(400, 200, i))
    const plan = planLabels(wishes, view, { left: columns.left, right: { x: 610, width: 0 } }, 400, 4)
    expect(plan[29]).toEqual({ mode: 'inside' })
    const hidden = plan.flatMap((p, i) => (p.mode === 'hidden' ? [i] : []))
    expect(hidden.length).toBeGreaterThan(0)
    expect(Math.max(...hidden)).toBeLessThan(Math.min(...plan.flatMap((p, i) => (p.mode === 'left' ? [i] : []))))
  })
})
