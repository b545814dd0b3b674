import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { Type } from 'typebox'

const SnapshotsSchema = Type.Object({
  every: Type.Integer({ description: 'events of the log between two snapshots (YIPING_SNAPSHOT_EVERY; 0 = none)' }),
  head: Type.Integer({ description: "the log's head (position of its last event)" }),
  fill: Type.Integer({
    description:
      'snapshots still to be written between those stored: a catch-up more than one snapshot behind writes the head\'s alone, and the ones it skipped once no batch has been committed for YIPING_SNAPSHOT_FILL_QUIET_MS (or, paced, once they have waited YIPING_SNAPSHOT_FILL_DEFER_MS while the log only trickles)',
  }),
  snapshots: Type.Array(
    Type.Object({ seq: Type.Integer(), at: Type.Integer({ description: 'ms: the instant its figures were evaluated at' }), bytes: Type.Integer() }),
  ),
})

/** GET /api/v1/replay/snapshots: how far the snapshots of the aggregates reach (operations, the bench). */
const replay: FastifyPluginAsyncTypebox = async (app) => {
  app.get(
    '/api/v1/replay/snapshots',
    {
      onRequest: app.authorize('read'),
      schema: {
        tags: ['read'],
        summary: 'The stored snapshots of the aggregates from which replays (asOf) start, oldest first, and the log head',
        security: [{ bearer: [] }],
        response: { 200: SnapshotsSchema },
      },
    },
    async () => {
      const all = await app.store.replay.listSnapshots()
      return {
        every: app.config.snapshotEvery,
        head: await app.store.lastSeq(),
        fill: await app.replay.pendingFill(),
        snapshots: all.filter((s) => s.version === app.replay.version).map(({ seq, at, bytes }) => ({ seq, at, bytes })),
      }
    },
  )
}
export default replay
