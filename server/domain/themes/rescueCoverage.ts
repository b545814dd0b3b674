import type { FastifyInstance } from 'fastify'
import type { FireStationView } from '../../../shared/api/fireStations'
import { coverageOf, sampleCoverage } from './coverage'

type Sampled = Map<string, { samples: number; covered: number }>

/**
 * The five-minute circle's coverage of every town of the districts that have stations, sampled
 * once from the served map files (an imported official map wins over the schematic one) on the
 * first fire page asked for. Towns without a map are left out; a region without any gives null.
 */
export function rescueCoverage(app: FastifyInstance, stations: readonly FireStationView[]) {
  let sampled: Promise<Sampled> | undefined
  const districts = () => {
    const out = new Set<string>()
    for (const s of stations) for (const code of app.regions.get(s.regionCode)?.lineage ?? []) if (app.regions.levelOf(code) === 'district') out.add(code)
    return out
  }
  const load = async (): Promise<Sampled> => {
    const all: Sampled = new Map()
    for (const d of districts()) {
      const file = await app.geo.read(`district-${d}.json`).catch(() => null)
      if (!file) continue
      const geo = JSON.parse(file.body.toString('utf8')) as { features?: Parameters<typeof sampleCoverage>[0] }
      for (const [code, v] of sampleCoverage(geo.features ?? [], stations)) all.set(code, v)
    }
    return all
  }
  return async () => {
    sampled ??= load()
    const towns = await sampled
    return (code: string) => coverageOf(code, app.regions, towns)
  }
}
