import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { MetaSchema } from '../../shared/api/meta'

/** GET /api/v1/meta: what a screen may know before logging in; no token needed, nothing sensitive. */
const meta: FastifyPluginAsyncTypebox = async (app) => {
  app.get(
    '/api/v1/meta',
    {
      schema: {
        tags: ['ops'],
        summary: 'Demo data (in the store, loading progress, the districts it covers) and the answering node',
        description:
          'No token needed. `demo.loading` is true while the demo dataset loads behind a serving server; ' +
          '`loaded` / `total` count its cases. The wall shows 演示数据 while `demo.active`.',
        response: { 200: MetaSchema },
      },
    },
    // Several nodes are not in this build yet: a single node has no id.
    async () => ({ demo: app.demo.status(), nodeId: null }),
  )
}
export default meta
