import Fastify, { type FastifyError, type FastifyReply } from 'fastify'
import rateLimit from '@fastify/rate-limit'
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox'
import type { Config } from './config'
import { applySecurityHeaders } from './security/helmetOptions'
import { loggerOptions, type LogSettings } from './security/logRedaction'
import configPlugin from './plugins/external/config'
import securityPlugin from './plugins/external/security'
import storePlugin from './plugins/external/store'
import clusterPlugin from './plugins/external/cluster'
import redisPlugin from './plugins/external/redis'
import { redisRateStore } from './security/redisRateStore'
import docsPlugin from './plugins/external/docs'
import staticPlugin from './plugins/external/static'
import regionsPlugin from './plugins/app/regions'
import aggregatorPlugin from './plugins/app/aggregator'
import ingestPlugin from './plugins/app/ingest'
import auditPlugin from './plugins/app/audit'
import authPlugin from './plugins/app/auth'
import livePlugin from './plugins/app/live'
import alarmsPlugin from './plugins/app/alarms'
import demoPlugin from './plugins/app/demo'
import geoPlugin from './plugins/app/geo'
import exportsPlugin from './plugins/app/exports'
import replayPlugin from './plugins/app/replay'
import themesPlugin from './plugins/app/themes'
import presenterPlugin from './plugins/app/presenter'
import eventsRoutes from './routes/events'
import summaryRoutes from './routes/summary'
import unitsRoutes from './routes/units'
import regionsRoutes from './routes/regions'
import casesRoutes from './routes/cases'
import caseActionsRoutes from './routes/caseActions'
import instructionsRoutes from './routes/instructions'
import dutyRoutes from './routes/duty'
import directoryRoutes from './routes/directory'
import camerasRoutes from './routes/cameras'
import risksRoutes from './routes/risks'
import feedRoutes from './routes/feed'
import fireStationsRoutes from './routes/fireStations'
import accountsRoutes from './routes/accounts'
import sessionRoutes from './routes/session'
import tokensRoutes from './routes/tokens'
import ingestKeysRoutes from './routes/ingestKeys'
import auditRoutes from './routes/audit'
import healthRoutes from './routes/health'
import alarmsRoutes from './routes/alarms'
import geoRoutes from './routes/geo'
import exportsRoutes from './routes/exports'
import briefingRoutes from './routes/briefing'
import metaRoutes from './routes/meta'
import replayRoutes from './routes/replay'
import themesRoutes from './routes/themes'
import playlistsRoutes from './routes/playlists'

export interface AppOptions {
  config: Config
  clock?: () => number
  /** false: no logging (most tests); otherwise the level and stream, always with secrets redacted. */
  logger?: false | Partial<Omit<LogSettings, 'secrets'>>
}

interface ValidationIssue {
  instancePath?: string
  message?: string
}

/** `/events/3/caseId` → the batch index 3, for integrators to find the event at fault. */
function indexOf(path: string): number | undefined {
  const m = /^\/events\/(\d+)/.exec(path)
  return m ? Number(m[1]) : undefined
}

/** How long closing waits for requests in flight before it cuts their connections. */
const CLOSE_GRACE_MS = 2000

/** The whole server as a Fastify instance, without a port: tests inject, server.ts listens. */
export async function buildApp({ config, clock, logger }: AppOptions) {
  const app = Fastify({
    logger: logger === false ? false : loggerOptions({ level: config.logLevel, nodeId: config.nodeId, ...logger, secrets: [config.adminPassword, config.ingestKey] }),
    // Behind a reverse proxy, the client's address (login limits, the audit trail) comes from X-Forwarded-For.
    trustProxy: config.trustProxy,
    // Start-up plugins restore the aggregates (a snapshot and the log's tail, or every case) and may
    // load the demo: on a big store and a busy machine that takes longer than Fastify's default 10 s,
    // and a start-up that is merely slow must not fail. A plugin that never finishes still fails.
    pluginTimeout: 600_000,
    ajv: { customOptions: { coerceTypes: true, removeAdditional: false } },
    // A URL that cannot be decoded never reaches the hooks: it gets the security headers here, and
    // an answer that does not echo it.
    frameworkErrors: (err, req, reply) => {
      applySecurityHeaders(req.raw, reply.raw, config.frameAncestors, config.videoOrigins)
      return (reply as FastifyReply).code(400).send({ error: err.code === 'FST_ERR_BAD_URL' ? 'malformed URL' : `malformed request (${err.code})` })
    },
  }).withTypeProvider<TypeBoxTypeProvider>()

  // Error handlers first: route plugins are child contexts and inherit them when registered.
  app.setErrorHandler((err: FastifyError, req, reply) => {
    if (err.validation) {
      const where = err.validationContext && err.validationContext !== 'body' ? `/${err.validationContext}` : ''
      const details = (err.validation as ValidationIssue[]).map((v) => {
        const path = `${where}${v.instancePath ?? ''}` || '/'
        const index = where ? undefined : indexOf(path)
        return { ...(index !== undefined ? { index } : {}), path, message: v.message ?? 'is invalid' }
      })
      return (reply as FastifyReply).code(400).send({ error: 'invalid request; nothing was written', details })
    }
    const status = err.statusCode ?? 500
    if (status >= 400 && status < 500) return reply.code(status).send({ error: err.message })
    req.log.error({ err }, 'request failed')
    return reply.code(500).send({ error: 'internal error' })
  })
  app.setNotFoundHandler((req, reply) => reply.code(404).send({ error: `no route ${req.method} ${req.url.split('?')[0]}` }))
  // Closing lets requests in flight finish, but not for ever: a browser's spare connection that has
  // not sent a request yet (Chromium opens them ahead of need) would otherwise hold close() until
  // Node's header timeout, some 30 s, and a restarting node would stay dark as long.
  app.addHook('preClose', async () => {
    app.server.closeIdleConnections()
    setTimeout(() => app.server.closeAllConnections(), CLOSE_GRACE_MS).unref()
  })

  // Infrastructure first, then domain services (each declares what it needs), then routes.
  await app.register(configPlugin, { config, clock })
  await app.register(securityPlugin)
  await app.register(redisPlugin)
  await app.register(rateLimit, {
    global: false,
    // Several nodes count together in Redis; if Redis is away, requests pass rather than fail.
    ...(app.redis ? { store: redisRateStore(app.redis, `${config.redisPrefix}:rate`), skipOnError: true } : {}),
    errorResponseBuilder: (_req, ctx) => ({ statusCode: 429, error: `rate limit: at most ${ctx.max} requests per minute; retry in ${ctx.after}` }),
  })
  await app.register(docsPlugin)
  await app.register(storePlugin)
  await app.register(clusterPlugin)
  await app.register(regionsPlugin)
  await app.register(aggregatorPlugin)
  await app.register(ingestPlugin)
  await app.register(auditPlugin)
  await app.register(authPlugin)
  await app.register(livePlugin)
  await app.register(alarmsPlugin)
  await app.register(demoPlugin)
  await app.register(geoPlugin)
  await app.register(exportsPlugin)
  await app.register(replayPlugin)
  await app.register(themesPlugin)
  await app.register(presenterPlugin)

  await app.register(eventsRoutes)
  await app.register(summaryRoutes)
  await app.register(unitsRoutes)
  await app.register(regionsRoutes)
  await app.register(casesRoutes)
  await app.register(caseActionsRoutes)
  await app.register(instructionsRoutes)
  await app.register(dutyRoutes)
  await app.register(directoryRoutes)
  await app.register(camerasRoutes)
  await app.register(risksRoutes)
  await app.register(feedRoutes)
  await app.register(fireStationsRoutes)
  await app.register(sessionRoutes)
  await app.register(accountsRoutes)
  await app.register(tokensRoutes)
  await app.register(ingestKeysRoutes)
  await app.register(auditRoutes)
  await app.register(healthRoutes)
  await app.register(alarmsRoutes)
  await app.register(geoRoutes)
  await app.register(exportsRoutes)
  await app.register(briefingRoutes)
  await app.register(metaRoutes)
  await app.register(replayRoutes)
  await app.register(themesRoutes)
  await app.register(playlistsRoutes)
  await app.register(staticPlugin)

  return app
}

export type App = Awaited<ReturnType<typeof buildApp>>
