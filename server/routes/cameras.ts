import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { Type } from 'typebox'
import { CameraSchema, CamerasNearQuerySchema, CamerasNearSchema, type Camera } from '../../shared/api/cameras'
import { ErrorBodySchema } from '../../shared/api/errors'
import { regionPath } from '../../shared/regions/tree'
import { toShanghaiIso } from '../../shared/time/shanghai'
import { cameraKind, nearestCameras } from '../domain/cameras/near'
import type { CameraRecord } from '../store/types'
import { refuseRegion } from './regionAccess'

/**
 * Cameras (视频联动): registered by integrators with `camera.registered` events through ingest, read
 * as a map layer and, from an alarm, a risk point or a place, the nearest ones with how to watch
 * them (an HLS stream the page plays, or a link to the video platform). Playing proprietary streams
 * is not the server's business: the link and the geography are.
 */
const cameras: FastifyPluginAsyncTypebox = async (app) => {
  const view = (c: CameraRecord): Camera => ({
    id: c.id,
    name: c.name,
    regionCode: c.regionCode,
    regionName: app.regions.get(c.regionCode)?.name ?? c.regionCode,
    lng: c.lng,
    lat: c.lat,
    streamUrl: c.streamUrl,
    platformUrl: c.platformUrl,
    kind: cameraKind(c),
    registeredAt: toShanghaiIso(c.registeredAt),
  })

  app.get(
    '/api/v1/cameras',
    {
      onRequest: app.authorize('read'),
      schema: {
        tags: ['read'],
        summary: 'Cameras of a region’s subtree, for the map layer (视频联动)',
        security: [{ bearer: [] }],
        querystring: Type.Object({ region: Type.String({ minLength: 1, maxLength: 32 }) }),
        response: { 200: Type.Object({ items: Type.Array(CameraSchema) }), 403: ErrorBodySchema, 404: ErrorBodySchema },
      },
    },
    async (req, reply) => {
      const refused = refuseRegion(app, req, reply, req.query.region)
      if (refused) return refused
      return { items: (await app.store.listCameras(regionPath(app.regions, req.query.region))).map(view) }
    },
  )

  app.get(
    '/api/v1/cameras/near',
    {
      onRequest: app.authorize('read'),
      schema: {
        tags: ['read'],
        summary: 'The cameras nearest to an alarm, a risk point or a place, nearest first, with the distance in metres',
        description:
          'One of `alarmId` (its risk point’s position, else its region’s centre), `riskPointId`, or `lon` and `lat`. ' +
          'Only cameras inside the caller’s scope; an alarm or risk point outside it is 404. `limit` 1..50, default 5. ' +
          'An alarm with no position (not at a risk point, and its region has no centre) answers `lng` and `lat` null and no cameras: ' +
          'nothing is wrong with the question, there is just nowhere to look from.',
        security: [{ bearer: [] }],
        querystring: CamerasNearQuerySchema,
        response: { 200: CamerasNearSchema, 400: ErrorBodySchema, 403: ErrorBodySchema, 404: ErrorBodySchema },
      },
    },
    async (req, reply) => {
      const p = req.principal!
      const { alarmId, riskPointId, lon, lat } = req.query
      const given = [alarmId !== undefined, riskPointId !== undefined, lon !== undefined || lat !== undefined].filter(Boolean).length
      if (given !== 1 || (lon === undefined) !== (lat === undefined)) return reply.code(400).send({ error: 'give one of alarmId, riskPointId, or lon and lat' })
      const scopePath = regionPath(app.regions, p.scope ?? app.regions.root.code)
      const riskAt = async (id: string) => {
        const r = await app.store.getRisk(id)
        return r && app.auth.canSee(p, r.regionCode) ? r : undefined
      }
      let at: { lng: number; lat: number } | undefined
      if (lon !== undefined && lat !== undefined) at = { lng: lon, lat }
      else if (riskPointId !== undefined) {
        at = await riskAt(riskPointId)
        if (!at) return reply.code(404).send({ error: `unknown risk point ${riskPointId}` })
      } else {
        const a = await app.store.duty.get(alarmId!)
        if (!a || !app.auth.canSee(p, a.regionCode)) return reply.code(404).send({ error: `unknown alarm ${alarmId}` })
        const region = app.regions.get(a.regionCode)
        at = a.kind === 'risk.alarm' ? await riskAt(a.subjectId) : undefined
        if (!at && region?.lng !== undefined && region.lat !== undefined) at = { lng: region.lng, lat: region.lat }
        // Not the caller's mistake: an alarm of a region without a centre has nowhere to look from.
        if (!at) return { lng: null, lat: null, items: [] }
      }
      const items = nearestCameras(await app.store.listCameras(scopePath), at, req.query.limit ?? 5)
      return { lng: at.lng, lat: at.lat, items: items.map((c) => ({ ...view(c), distance: c.distance })) }
    },
  )
}
export default cameras
