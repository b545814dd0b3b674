import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { Type } from 'typebox'

/** GET /healthz: liveness for a supervisor or load balancer; no token needed, nothing sensitive. */
const health: FastifyPluginAsyncTypebox = async (app) => {
  app.get(
    '/healthz',
    {
      schema: {
        tags: ['ops'],
        summary: 'Liveness, this node, its store and the log position it has applied',
        response: {
          200: Type.Object({ status: Type.Literal('ok'), nodeId: Type.String(), store: Type.String(), seq: Type.Integer(), uptimeSeconds: Type.Number() }),
        },
      },
    },
    async () => ({ status: 'ok' as const, nodeId: app.config.nodeId, store: app.store.kind, seq: app.aggregator.seq, uptimeSeconds: Math.round(process.uptime()) }),
  )
}
export default health
