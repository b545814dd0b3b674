import { createHash } from 'node:crypto'
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import type { FastifyReply, FastifyRequest } from 'fastify'
import { Type } from 'typebox'
import { ErrorBodySchema } from '../../shared/api/errors'
import { PlaylistAnswerSchema, PlaylistInputSchema, PlaylistListSchema, PlaylistSchema, type PlaylistInput } from '../../shared/api/playlists'
import { activeItems } from '../../shared/playlists/schedule'
import { regionPath } from '../../shared/regions/tree'
import { toShanghaiIso } from '../../shared/time/shanghai'
import { checkPlaylist } from '../domain/playlists/check'
import { playlistBody, playlistView } from '../domain/playlists/view'

/** A playlist's version: its content and its last change, as a strong ETag. */
const versionTag = (p: object) => `"${createHash('sha256').update(JSON.stringify(p)).digest('base64url').slice(0, 22)}"`
/** Whether an If-None-Match header names this tag (a list, weak or not, or `*`). */
const names = (header: string | undefined, tag: string) =>
  header !== undefined && header.split(',').some((t) => ['*', tag, `W/${tag}`].includes(t.trim()))

/** Playlists one list answers at most (a city keeps tens). */
const LIST_LIMIT = 500
const Id = Type.Object({ id: Type.Integer({ minimum: 1 }) })
const WRITE_NOTE = 'Needs `playlist.manage` (dispatcher, admin; never a display token) in every item’s region. Audited.'
const RULES =
  'Every item: a region inside the caller’s scope (unknown: 400, outside: 403), a page (`overview` or a themed page), an optional ' +
  'period in the wall’s own vocabulary (a preset name, or `{ from, to }` real days, both included), its own `dwell` in seconds and an ' +
  'optional daily `schedule` `{ from: "HH:MM", to: "HH:MM" }` (Shanghai time, by the server clock; `to` before `from` runs across ' +
  'midnight); the playlist may have a `schedule` of its own. Any problem: 400 with `details`, nothing written.'

/**
 * Saved playlists of the wall (轮播方案, `/?playlist=ID`): scoped like everything else — a playlist
 * belongs to the nearest region holding all its items, and is seen and changed only by accounts
 * whose scope covers that region; display tokens and viewers only read.
 */
const playlists: FastifyPluginAsyncTypebox = async (app) => {
  const common = { tags: ['wall'], security: [{ bearer: [] }] }

  /** The playlist if the caller may see it; else the 404 sent (one outside the scope is not there for it). */
  async function visible(req: FastifyRequest, reply: FastifyReply, id: number) {
    const r = await app.store.playlists.get(id)
    if (r && app.auth.canSee(req.principal!, r.regionCode)) return r
    void reply.code(404).send({ error: `unknown playlist ${id}` })
    return null
  }

  /** Checks the input; the playlist's region when it may be written, else the refusal sent. */
  function writable(req: FastifyRequest, reply: FastifyReply, body: PlaylistInput): string | null {
    const checked = checkPlaylist(body, app.regions, (code) => app.auth.permissions.refusal(req.principal!, 'playlist.manage', code))
    if (checked.ok) return checked.region
    if (checked.status === 400) void reply.code(400).send({ error: 'invalid playlist; nothing was written', details: checked.details })
    else void reply.code(403).send({ error: checked.error })
    return null
  }

  const audit = (req: FastifyRequest, action: string, id: number, region: string, note: string) =>
    app.audit.record({ actor: req.principal!.account.username, action, target: `playlist:${id}`, note, region })

  app.get(
    '/api/v1/playlists',
    {
      onRequest: app.authorize('read'),
      schema: { ...common, summary: 'The saved playlists the caller may see (those whose regions all lie in its scope), by name', response: { 200: PlaylistListSchema } },
    },
    async (req) => {
      const scope = req.principal!.scope ?? app.regions.root.code
      const items = await app.store.playlists.list({ regionPath: regionPath(app.regions, scope), limit: LIST_LIMIT })
      return { items: items.map(playlistView) }
    },
  )

  app.get(
    '/api/v1/playlists/:id',
    {
      onRequest: app.authorize('read'),
      schema: {
        ...common,
        summary: 'One playlist, as a wall plays it: with the server’s `now` and the items inside their schedules now (`active`)',
        description:
          'The answer carries an `ETag` of the playlist’s version (its name, items, schedule and last change). A wall reads it once and ' +
          'then asks each lap with `If-None-Match`: 304 without a body while the playlist is unchanged, so an edit reaches it within a lap.',
        params: Id,
        response: { 200: PlaylistAnswerSchema, 304: Type.Null({ description: 'unchanged since the version named in If-None-Match' }), 404: ErrorBodySchema },
      },
    },
    async (req, reply) => {
      const r = await visible(req, reply, req.params.id)
      if (!r) return reply
      const now = app.clock()
      const p = playlistView(r)
      const tag = versionTag(p)
      void reply.header('etag', tag)
      if (names(req.headers['if-none-match'], tag)) return reply.code(304).send(null)
      return { ...p, now: toShanghaiIso(now), active: activeItems(p, now) }
    },
  )

  app.post(
    '/api/v1/playlists',
    {
      onRequest: app.authorize('playlist.manage'),
      schema: {
        ...common,
        summary: 'Save a playlist: a name and items the wall shows in turn, each for its own dwell',
        description: `${RULES} ${WRITE_NOTE}`,
        body: PlaylistInputSchema,
        response: { 201: PlaylistSchema, 400: ErrorBodySchema, 403: ErrorBodySchema },
      },
    },
    async (req, reply) => {
      const region = writable(req, reply, req.body)
      if (region === null) return reply
      const by = req.principal!.account.username
      const at = app.clock()
      const r = await app.store.playlists.create(
        { name: req.body.name, regionCode: region, body: playlistBody(req.body), createdBy: by, createdAt: at, updatedBy: by, updatedAt: at },
        regionPath(app.regions, region),
      )
      await audit(req, 'playlist.created', r.id, region, `${r.name}（${req.body.items.length} 项）`)
      return reply.code(201).send(playlistView(r))
    },
  )

  app.put(
    '/api/v1/playlists/:id',
    {
      onRequest: app.authorize('playlist.manage'),
      schema: {
        ...common,
        summary: 'Replace a playlist’s name, items and schedule',
        description: `${RULES} 404 for a playlist the caller cannot see. ${WRITE_NOTE}`,
        params: Id,
        body: PlaylistInputSchema,
        response: { 200: PlaylistSchema, 400: ErrorBodySchema, 403: ErrorBodySchema, 404: ErrorBodySchema },
      },
    },
    async (req, reply) => {
      const before = await visible(req, reply, req.params.id)
      if (!before) return reply
      const refused = app.auth.permissions.refusal(req.principal!, 'playlist.manage', before.regionCode)
      if (refused) return reply.code(403).send({ error: refused })
      const region = writable(req, reply, req.body)
      if (region === null) return reply
      const change = { name: req.body.name, regionCode: region, body: playlistBody(req.body), updatedBy: req.principal!.account.username, updatedAt: app.clock() }
      const r = await app.store.playlists.update(before.id, change, regionPath(app.regions, region))
      if (!r) return reply.code(404).send({ error: `unknown playlist ${before.id}` })
      await audit(req, 'playlist.updated', r.id, region, `${r.name}（${req.body.items.length} 项）`)
      return playlistView(r)
    },
  )

  app.delete(
    '/api/v1/playlists/:id',
    {
      onRequest: app.authorize('playlist.manage'),
      schema: {
        ...common,
        summary: 'Delete a playlist (walls playing it go on with their own rotation or their region)',
        description: `404 for a playlist the caller cannot see. ${WRITE_NOTE}`,
        params: Id,
        response: { 204: Type.Null(), 403: ErrorBodySchema, 404: ErrorBodySchema },
      },
    },
    async (req, reply) => {
      const before = await visible(req, reply, req.params.id)
      if (!before) return reply
      const refused = app.auth.permissions.refusal(req.principal!, 'playlist.manage', before.regionCode)
      if (refused) return reply.code(403).send({ error: refused })
      if (await app.store.playlists.delete(before.id)) await audit(req, 'playlist.deleted', before.id, before.regionCode, before.name)
      return reply.code(204).send(null)
    },
  )
}
export default playlists
