import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { Type } from 'typebox'
import { ErrorBodySchema } from '../../shared/api/errors'
import { FireStationListSchema, RESCUE_RADIUS_M, type FireStationView } from '../../shared/api/fireStations'
import type { RegionTree } from '../../shared/regions/tree'
import { FIRE_STATIONS } from '../demo/fire-stations'
import { demoRegions } from '../demo/regions'
import { refuseRegion } from './regionAccess'

/**
 * The stations whose town is in this app's tree. The list is the demo district's, so a town must
 * match by code and by name: another tree reusing a code for a different town does not inherit them.
 */
export function knownStations(tree: RegionTree): FireStationView[] {
  const demoNames = new Map(demoRegions().map((r) => [r.code, r.name]))
  return FIRE_STATIONS.flatMap((s) => {
    const town = tree.get(s.townCode)
    if (!town || town.name !== demoNames.get(s.townCode)) return []
    const { id, name, role, lng, lat } = s
    return [{ id, name, role, regionCode: town.code, regionName: town.name, lng, lat, rescueRadiusM: RESCUE_RADIUS_M }]
  })
}

/** GET /api/v1/fire-stations: fire stations in a region's subtree, with their five-minute rescue circle. */
const fireStations: FastifyPluginAsyncTypebox = async (app) => {
  // The region tree is fixed once the app is up, so the stations it knows are too.
  const stations = knownStations(app.regions)

  app.get(
    '/api/v1/fire-stations',
    {
      onRequest: app.authorize('read'),
      schema: {
        tags: ['read'],
        summary: 'Fire stations in a region (its whole subtree), each with its five-minute rescue circle (五分钟救援圈)',
        security: [{ bearer: [] }],
        querystring: Type.Object({ region: Type.String({ minLength: 1 }) }),
        response: { 200: FireStationListSchema, 401: ErrorBodySchema, 403: ErrorBodySchema, 404: ErrorBodySchema },
      },
    },
    async (req, reply) => {
      const { region } = req.query
      const refused = refuseRegion(app, req, reply, region)
      if (refused) return refused
      return { items: stations.filter((s) => app.regions.isWithin(s.regionCode, region)) }
    },
  )
}
export default fireStations
