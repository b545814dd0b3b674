import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { ErrorBodySchema } from '../../shared/api/errors'
import { FeedAnswerSchema, FeedQuerySchema } from '../../shared/api/feed'
import { toShanghaiIso } from '../../shared/time/shanghai'
import { parseAsOf } from '../domain/replay/asOf'
import { FEED_RING } from '../live/hub'
import { feedRingAt, recentWithin } from '../live/feedHistory'
import { refuseRegion } from './regionAccess'

/**
 * GET /api/v1/feed: the live ticker's latest lines of a region's subtree, the ones a wall's
 * subscribe answer carries; with `asOf`, the lines as they stood at that instant (replay), read
 * back from the log by the same rule the ticker keeps them by.
 */
const feed: FastifyPluginAsyncTypebox = async (app) => {
  app.get(
    '/api/v1/feed',
    {
      onRequest: app.authorize('read'),
      schema: {
        tags: ['read'],
        summary: "The live ticker's latest lines in a region's subtree, newest first; with asOf, as they stood at that instant",
        description:
          `The ticker keeps the last ${FEED_RING} lines of the whole log (of each batch, the lines of its last 60 case events), ` +
          'each showing its case as its batch left it, reporters masked; a region gets those of its subtree, newest first, ' +
          'as in the `subscribe` answer on /live. `asOf=<instant>` (not in the future) answers the lines as they stood then, by ' +
          "the server's commit times, read back from the log (`seq` = the log's position at that instant): a read live at T " +
          'and the same read later with asOf=T are equal. 400 for an unreadable or future instant; scoped like every read.',
        security: [{ bearer: [] }],
        querystring: FeedQuerySchema,
        response: { 200: FeedAnswerSchema, 400: ErrorBodySchema, 403: ErrorBodySchema, 404: ErrorBodySchema },
      },
    },
    async (req, reply) => {
      const { region, limit = 20 } = req.query
      const refused = refuseRegion(app, req, reply, region)
      if (refused) return refused
      const asOf = parseAsOf(req.query.asOf, app.clock())
      if (asOf && !asOf.ok) return reply.code(400).send({ error: asOf.error, details: asOf.details })
      if (!asOf) {
        await app.live.feedSeeded
        return { region, at: toShanghaiIso(app.clock()), seq: app.aggregator.seq, items: app.live.recentFeed(region, limit) }
      }
      const seq = await app.store.seqAt(asOf.value)
      const ring = seq === 0 ? [] : await feedRingAt(app.store, app.regions, app.config.timeLimits, seq, FEED_RING)
      return { region, at: toShanghaiIso(asOf.value), seq, items: recentWithin(ring, app.regions, region, limit) }
    },
  )
}
export default feed
