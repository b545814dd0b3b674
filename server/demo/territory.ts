import type { Region } from '../../shared/regions/tree'
import { DISTRICTS, type DistrictSpec } from './data/towns'
import { isStreet } from './regions'

/** A town as the generators see it: its volume, its villages, and what kind of place it is. */
export interface TownInfo {
  town: Region
  district: Region
  /** The demo spec of the district, when the tree is the demo tree (or shares its codes). */
  spec: DistrictSpec | undefined
  /** Cases a year at scale 1: streets and seats are busy, mountain townships quiet. */
  annual: number
  street: boolean
  villages: Region[]
}

export interface Territory {
  towns: TownInfo[]
  townByCode: Map<string, TownInfo>
  /** Any village or town code → its town. */
  townOf: Map<string, TownInfo>
  regionByCode: Map<string, Region>
}

const DEFAULT_ANNUAL = 300

/**
 * Index a region list (normally demoRegions(), but any tree with town and village levels works)
 * for the generators. Towns without villages still get cases, reported at the town itself.
 */
export function buildTerritory(regions: readonly Region[]): Territory {
  const regionByCode = new Map(regions.map((r) => [r.code, r]))
  const villagesOf = new Map<string, Region[]>()
  for (const r of regions) {
    if (r.level !== 'village' || !r.parent) continue
    const list = villagesOf.get(r.parent) ?? []
    list.push(r)
    villagesOf.set(r.parent, list)
  }
  const towns: TownInfo[] = []
  for (const town of regions) {
    if (town.level !== 'town' || !town.parent) continue
    const district = regionByCode.get(town.parent)
    if (!district) continue
    const spec = DISTRICTS.find((d) => d.code === district.code)
    const row = spec?.towns.find((t) => t[0] === town.name)
    towns.push({
      town,
      district,
      spec,
      annual: row?.[1] ?? DEFAULT_ANNUAL,
      street: isStreet(town.name),
      villages: villagesOf.get(town.code) ?? [],
    })
  }
  const townByCode = new Map(towns.map((t) => [t.town.code, t]))
  const townOf = new Map<string, TownInfo>()
  for (const t of towns) {
    townOf.set(t.town.code, t)
    for (const v of t.villages) townOf.set(v.code, t)
  }
  return { towns, townByCode, townOf, regionByCode }
}

/** Find a town by name within a district (names are unique among siblings). */
export function findTown(territory: Territory, districtCode: string, name: string): TownInfo | undefined {
  return territory.towns.find((t) => t.district.code === districtCode && t.town.name === name)
}

export const DISTRICT = { fuyang: '330111', linan: '330112', chunan: '330127', xiuzhou: '330411' } as const

/**
 * The districts the demo data covers (富阳区、临安区、淳安县、秀洲区), as the tree names them: a
 * province or city view of the demo holds these only, not the whole province.
 */
export function demoCoverage(tree: { get(code: string): { code: string; name: string } | undefined }): Array<{ code: string; name: string }> {
  return DISTRICTS.flatMap((d) => {
    const r = tree.get(d.code)
    return r ? [{ code: r.code, name: r.name }] : []
  })
}
