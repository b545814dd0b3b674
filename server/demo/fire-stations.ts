import { demoRegions } from './regions'

export interface FireStation {
  id: string
  name: string
  /** 中心站 (a town's full-time brigade) or 分站 ("1+X": one main station, X sub-stations). */
  role: 'main' | 'sub'
  townCode: string
  lng: number
  lat: number
}

/**
 * 秀洲's 23 stations ("4+8+30", 1+X): one main station per street or town and 14 sub-stations,
 * so every 22 km² has one and a five-minute rescue circle covers the district. Positions are demo
 * positions around the (demo) town centres.
 */
const LAYOUT: ReadonlyArray<readonly [town: string, main: string, subs: string]> = [
  ['新城街道', '新城消防站', '南'],
  ['嘉北街道', '嘉北消防站', '北'],
  ['塘汇街道', '塘汇消防站', ''],
  ['高照街道', '高照消防站', '西'],
  ['王店镇', '王店消防站', '东南'],
  ['洪合镇', '洪合专职消防队', '北西'],
  ['新塍镇', '新塍专职消防队', '东西'],
  ['王江泾镇', '王江泾专职消防队', '北东南'],
  ['油车港镇', '油车港专职消防队', '东北'],
]
const DIRECTIONS: Record<string, readonly [number, number]> = { 东: [1, 0], 西: [-1, 0], 南: [0, -1], 北: [0, 1] }

function buildStations(): FireStation[] {
  const towns = demoRegions().filter((r) => r.level === 'town' && r.parent === '330411')
  const stations: FireStation[] = []
  const round5 = (x: number) => Math.round(x * 1e5) / 1e5
  for (const [townName, main, subs] of LAYOUT) {
    const town = towns.find((t) => t.name === townName)
    if (!town || town.lng === undefined || town.lat === undefined) continue
    const short = townName.replace(/(街道|镇)$/, '')
    stations.push({ id: '', name: main, role: 'main', townCode: town.code, lng: round5(town.lng + 0.004), lat: round5(town.lat - 0.003) })
    for (const dir of subs) {
      const [dx, dy] = DIRECTIONS[dir]!
      stations.push({
        id: '',
        name: `${short}${dir}分站`,
        role: 'sub',
        townCode: town.code,
        lng: round5(town.lng + dx * 0.03),
        lat: round5(town.lat + dy * 0.025),
      })
    }
  }
  return stations.map((s, i) => ({ ...s, id: `FS-330411-${String(i + 1).padStart(2, '0')}` }))
}

export const FIRE_STATIONS: readonly FireStation[] = buildStations()
