import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { Type } from 'typebox'
import { RegionSchema } from '../../shared/regions/tree'

/** GET /api/v1/regions: the tree as a flat list, limited to what the account may see. */
const regions: FastifyPluginAsyncTypebox = async (app) => {
  app.get(
    '/api/v1/regions',
    {
      onRequest: app.authorize('read'),
      schema: {
        tags: ['read'],
        summary: 'The region tree, flat, root first (for a scoped account: its subtree)',
        security: [{ bearer: [] }],
        response: { 200: Type.Array(RegionSchema) },
      },
    },
    async (req) => app.regions.list().filter((r) => app.auth.canSee(req.principal!, r.code)),
  )
}
export default regions
