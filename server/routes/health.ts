import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { Type } from 'typebox'

/** How long a check of the store or Redis may take before it counts as failed. */
const CHECK_MS = 2000

const within = <T>(p: Promise<T>, ms = CHECK_MS): Promise<T> =>
  new Promise<T>((resolve, reject) => {
    const t = setTimeout(() => reject(new Error('timed out')), ms)
    p.then(resolve, reject).finally(() => clearTimeout(t))
  })

const HealthSchema = Type.Object({
  status: Type.Union([Type.Literal('ok'), Type.Literal('unhealthy')]),
  nodeId: Type.String(),
  /** Which store: sqlite (embedded) or postgres (shared). */
  store: Type.String(),
  storeOk: Type.Boolean(),
  /** null: no Redis configured (one node). */
  redisOk: Type.Union([Type.Boolean(), Type.Null()]),
  /** This node does what must happen once (alarms, escalation, the simulator). */
  leader: Type.Boolean(),
  /** The log position this node's figures stand at. */
  seq: Type.Integer(),
  /** The log's head in the store; null when the store did not answer. */
  head: Type.Union([Type.Integer(), Type.Null()]),
  /** head − seq: events committed (by any node) not yet applied here. */
  lag: Type.Union([Type.Integer(), Type.Null()]),
  uptimeSeconds: Type.Number(),
})

/**
 * GET /healthz: for a supervisor or load balancer; no token needed, nothing sensitive. 503 when this
 * node cannot serve correctly: its store does not answer, the Redis it was given does not, or (on
 * a shared store) its link to the database's notices is down.
 */
const health: FastifyPluginAsyncTypebox = async (app) => {
  app.get(
    '/healthz',
    {
      schema: {
        tags: ['ops'],
        summary: 'Health of this node: its store, Redis, lead, and how far it has applied the log',
        response: { 200: HealthSchema, 503: HealthSchema },
      },
    },
    async (_req, reply) => {
      const head = await within(app.store.lastSeq()).catch(() => null)
      const redis = app.redis
      const redisOk = redis ? redis.isReady && (await within(redis.ping(), 1000).then(() => true, () => false)) : null
      const seq = app.aggregator.seq
      const healthy = head !== null && redisOk !== false && app.cluster.linked()
      return reply.code(healthy ? 200 : 503).send({
        status: healthy ? 'ok' : 'unhealthy',
        nodeId: app.config.nodeId,
        store: app.store.kind,
        storeOk: head !== null,
        redisOk,
        leader: app.cluster.isLeader(),
        seq,
        head,
        lag: head === null ? null : Math.max(0, head - seq),
        uptimeSeconds: Math.round(process.uptime()),
      })
    },
  )
}
export default health
