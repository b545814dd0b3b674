import { describe, expect, it } from 'vitest'
import { decodeRing, encodeRing, readSourceCollection } from '../../scripts/geo/decode'
import { closeRing, openRing, pointInPolygons, polygonsArea, polygonsOf, ringArea, type PolygonCoords, type Position } from '../../server/geo/geometry'
import { dissolve, douglasPeucker, simplifyShared } from '../../server/geo/simplify'
import { clipRing, placeInside, voronoiCells } from '../../scripts/geo/voronoi'

const square = (x0: number, y0: number, x1: number, y1: number): Position[] => closeRing([[x0, y0], [x1, y0], [x1, y1], [x0, y1]])
const g = (x: number) => Math.round(x * 1024) / 1024

describe('decode', () => {
  it('round-trips the ECharts UTF8 encoding', () => {
    const ring: Position[] = [[g(120.1), g(30.2)], [g(120.3), g(30.2)], [g(120.25), g(30.41)], [g(120.1), g(30.2)]]
    const [text, offset] = encodeRing(ring)
    expect(decodeRing(text, offset)).toEqual(ring)
  })

  it('reads encoded and plain collections into closed rings without repeats', () => {
    const poly = [[g(120), g(30)], [g(120.5), g(30)], [g(120.5), g(30)], [g(120.5), g(30.5)], [g(120), g(30)]] as Position[]
    const [text, offset] = encodeRing(poly)
    const encoded = {
      type: 'FeatureCollection',
      UTF8Encoding: true,
      features: [
        { type: 'Feature', id: '330111', properties: { name: '富阳区', cp: [120.2, 30.1] }, geometry: { type: 'Polygon', coordinates: [text], encodeOffsets: [offset] } },
        { type: 'Feature', properties: { name: '岛' }, geometry: { type: 'MultiPolygon', coordinates: [[text], [text]], encodeOffsets: [[offset], [offset]] } },
      ],
    }
    const [a, b] = readSourceCollection(encoded)
    expect(a!.id).toBe('330111')
    expect(a!.cp).toEqual([120.2, 30.1])
    expect(polygonsOf(a!.geometry)[0]![0]).toEqual([[g(120), g(30)], [g(120.5), g(30)], [g(120.5), g(30.5)], [g(120), g(30)]])
    expect(b!.geometry.type).toBe('MultiPolygon')
    expect(readSourceCollection({ type: 'FeatureCollection', features: [{ type: 'Feature', properties: { name: 'x' }, geometry: { type: 'Polygon', coordinates: [poly] } }] })[0]!.geometry).toEqual(a!.geometry)
    expect(() => readSourceCollection({ type: 'Feature' })).toThrow(/not a GeoJSON FeatureCollection/)
  })
})

describe('simplify', () => {
  it('Douglas–Peucker drops points within tolerance and keeps the ends', () => {
    const line: Position[] = Array.from({ length: 101 }, (_, i) => [120 + i * 0.001, 30 + (i % 2) * 0.00001])
    const out = douglasPeucker(line, 0.0001)
    expect(out).toEqual([line[0], line[100]])
    expect(douglasPeucker(line, 0)).toHaveLength(101)
    const bent: Position[] = [[0, 0], [1, 0.5005], [2, 1], [3, 0.4995], [4, 0]]
    expect(douglasPeucker(bent, 0.01, 1)).toEqual([[0, 0], [2, 1], [4, 0]])
  })

  it('simplifies a shared border once, so neighbours keep meeting without gaps', () => {
    // Two squares sharing a wiggly border x ≈ 1.
    const border: Position[] = Array.from({ length: 41 }, (_, i) => [1 + (i % 2 ? 0.0004 : 0) + (i === 20 ? 0.2 : 0), i / 40])
    const left = closeRing([[0, 0], ...border, [0, 1]])
    const right = closeRing([[2, 0], [2, 1], ...[...border].reverse()])
    const [a, b] = simplifyShared([[[left]], [[right]]], 0.001, { kx: 1 })
    expect(openRing(a![0]![0]!).length).toBeLessThan(10)
    const merged = dissolve([
      { type: 'Polygon', coordinates: a![0]! },
      { type: 'Polygon', coordinates: b![0]! },
    ])
    expect(merged).toHaveLength(1)
    expect(polygonsArea(merged)).toBeCloseTo(2, 9)
  })

  it('dissolves neighbours into one outline, keeping islands apart', () => {
    const merged = dissolve([
      { type: 'Polygon', coordinates: [square(0, 0, 1, 1)] },
      { type: 'Polygon', coordinates: [[...square(1, 0, 2, 1)].reverse()] },
      { type: 'Polygon', coordinates: [square(5, 5, 6, 6)] },
    ])
    expect(merged).toHaveLength(2)
    expect(polygonsArea(merged)).toBeCloseTo(3, 12)
    const big = merged.find((p) => Math.abs(ringArea(p[0]!)) > 1.5)!
    expect(openRing(big[0]!)).toHaveLength(6)
  })
})

describe('voronoi', () => {
  const sites = [
    { lng: 0.2, lat: 0.3 },
    { lng: 0.8, lat: 0.25 },
    { lng: 0.45, lat: 0.85 },
  ]

  it('cuts a square district into one cell per town centre that tile it', () => {
    const district = { type: 'Polygon' as const, coordinates: [square(0, 0, 1, 1)] }
    const cells = voronoiCells(sites, district, 1)
    expect(cells).toHaveLength(3)
    const total = cells.reduce((s, c) => s + polygonsArea(c), 0)
    expect(Math.abs(total - 1) / 1).toBeLessThan(1e-9)
    sites.forEach((s, i) => expect(pointInPolygons([s.lng, s.lat], cells[i]!)).toBe(true))
    // Every sample point lies in exactly one cell (no overlaps, no gaps).
    for (let x = 0.013; x < 1; x += 0.05)
      for (let y = 0.017; y < 1; y += 0.05) expect(cells.filter((c) => pointInPolygons([x, y], c)).length).toBe(1)
  })

  it('splits a cell of a non-convex district into separate pieces (no bridges)', () => {
    // A U: two arms joined at the bottom; the bisector of the two sites is y = 1.25 and cuts both arms.
    const u: PolygonCoords = [closeRing([[0, 0], [3, 0], [3, 2], [2, 2], [2, 1], [1, 1], [1, 2], [0, 2]])]
    const cells = voronoiCells([{ lng: 1.5, lat: 0.5 }, { lng: 1.5, lat: 2 }], { type: 'Polygon', coordinates: u }, 1)
    expect(cells[0]).toHaveLength(1)
    expect(cells[1]).toHaveLength(2)
    expect(polygonsArea(cells[0]!)).toBeCloseTo(5 - 1.5, 12)
    expect(polygonsArea(cells[1]!)).toBeCloseTo(1.5, 12)
    for (const poly of cells[1]!) expect(ringArea(poly[0]!)).toBeCloseTo(0.75, 12)
  })

  it('clips a ring by a half-plane', () => {
    const pieces = clipRing(openRing(square(0, 0, 1, 1)), { nx: 0, ny: -1, c: -0.5 })
    expect(pieces).toHaveLength(1)
    expect(ringArea(pieces[0]!)).toBeCloseTo(0.5, 12)
    expect(clipRing(openRing(square(0, 0, 1, 1)), { nx: 1, ny: 0, c: 5 })).toEqual([])
  })

  it('moves a town centre that lies outside its district just inside it', () => {
    const polys: PolygonCoords[] = [[square(0, 0, 1, 1)]]
    expect(placeInside([0.5, 0.5], polys)).toEqual([0.5, 0.5])
    const p = placeInside([1.2, 0.5], polys, 1)
    expect(pointInPolygons(p, polys)).toBe(true)
    expect(p[0]).toBeGreaterThan(0.99)
  })
})
