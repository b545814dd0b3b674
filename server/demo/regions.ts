import type { Region } from '../../shared/regions/tree'
import { CITIES, DISTRICTS, NAME_PARTS, PROVINCE, type DistrictSpec, type TownRow } from './data/towns'
import { createRandom, hashSeed, type Random } from './random'

/** A degree of longitude is shorter than one of latitude at 30° N; keep scatter round on the map. */
const LNG_STRETCH = 1 / Math.cos((30 * Math.PI) / 180)

const round5 = (x: number) => Math.round(x * 1e5) / 1e5
const pad3 = (n: number) => String(n).padStart(3, '0')

export const isStreet = (townName: string) => townName.endsWith('街道')

/** Demo code of the i-th (0-based) child: parent code + 3 digits, as the real scheme does. */
export function childCode(parentCode: string, index: number): string {
  return parentCode + pad3(index + 1)
}

function composedVillage(r: Random, landscape: DistrictSpec['landscape']): string {
  const suffix = r.pick(landscape === 'plain' ? NAME_PARTS.plainSuffix : NAME_PARTS.hillSuffix)
  return r.chance(0.3) ? `${r.pick(NAME_PARTS.surname)}家${suffix}村` : `${r.pick(NAME_PARTS.prefix)}${suffix}村`
}

/** Real names first, then a seat community for towns, then composed names; unique among siblings. */
function villageNames(d: DistrictSpec, row: TownRow, r: Random): string[] {
  const [townName, , count, , , named = []] = row
  const names = [...named]
  const used = new Set(names)
  const add = (name: string) => {
    if (used.has(name)) return
    used.add(name)
    names.push(name)
  }
  if (townName.endsWith('镇')) add(`${townName.slice(0, -1)}社区`)
  const street = isStreet(townName)
  const urbanShare = Math.ceil(count * 0.6)
  for (let guard = 0; names.length < count && guard < 10_000; guard++) {
    const urban = street && names.length < urbanShare
    add(urban ? `${r.pick(NAME_PARTS.community)}社区` : composedVillage(r, d.landscape))
  }
  return names
}

/**
 * The demo tree: 浙江省 → 杭州市/嘉兴市 → 富阳区, 临安区, 淳安县, 秀洲区 → their real towns and
 * streets in official order, at approximate real centres → 6–14 villages or communities each,
 * scattered within about 0.03° of their town. Pure and deterministic.
 */
export function demoRegions(): Region[] {
  const out: Region[] = [
    { code: PROVINCE.code, name: PROVINCE.name, level: 'province', parent: null, lng: PROVINCE.lng, lat: PROVINCE.lat },
  ]
  for (const c of CITIES) out.push({ code: c.code, name: c.name, level: 'city', parent: PROVINCE.code, lng: c.lng, lat: c.lat })
  for (const d of DISTRICTS) {
    out.push({ code: d.code, name: d.name, level: 'district', parent: d.cityCode, lng: d.seat[0], lat: d.seat[1] })
    d.towns.forEach((row, i) => {
      const code = childCode(d.code, i)
      const [, , , lng, lat] = row
      out.push({ code, name: row[0], level: 'town', parent: d.code, lng, lat })
      const r = createRandom(hashSeed('villages', code))
      villageNames(d, row, r).forEach((name, j) => {
        const radius = 0.03 * Math.sqrt(r.rng())
        const angle = r.float(0, Math.PI * 2)
        out.push({
          code: childCode(code, j),
          name,
          level: 'village',
          parent: code,
          lng: round5(lng + radius * Math.cos(angle) * LNG_STRETCH),
          lat: round5(lat + radius * Math.sin(angle)),
        })
      })
    })
  }
  return out
}
