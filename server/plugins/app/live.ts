import fp from 'fastify-plugin'
import { Server } from 'socket.io'
import { LIVE_NAMESPACE, type ClientToServerEvents, type FeedItem, type ServerToClientEvents } from '../../../shared/live/protocol'
import { isCaseEvent } from '../../../shared/events/schema'
import { feedItem } from '../../ingest/feedItem'
import { riskView } from '../../routes/views'
import { assessmentRange } from '../../config'
import { LiveHub } from '../../live/hub'
import { subscriptionHandlers, type SocketData } from '../../live/subscribe'
import { floodGuard } from '../../live/floodGuard'
import { SOCKET_EVENT_BUDGET } from '../../live/eventBudget'
import { PLAIN_HEADERS } from '../../security/headers'

declare module 'fastify' {
  interface FastifyInstance {
    io: Server<ClientToServerEvents, ServerToClientEvents, Record<string, never>, SocketData>
    live: LiveHub
  }
}

/** Socket.IO on Fastify's own HTTP server (fastify-socket.io still pins Fastify 4), namespace /live. */
export default fp(
  async (app) => {
    const io = new Server<ClientToServerEvents, ServerToClientEvents, Record<string, never>, SocketData>(app.server, {
      serveClient: false,
      cors: { origin: false },
      connectionStateRecovery: { maxDisconnectionDuration: 2 * 60_000, skipMiddlewares: false },
    })
    // Engine.IO answers /socket.io/ itself, before Fastify's hooks: its long-polling answers get the plain headers here.
    const withPlainHeaders = (headers: Record<string, string>) => Object.assign(headers, PLAIN_HEADERS)
    io.engine.on('initial_headers', withPlainHeaders)
    io.engine.on('headers', withPlainHeaders)
    const nsp = io.of(LIVE_NAMESPACE)
    const hub = new LiveHub(nsp, app.aggregator, app.regions, app.config.pushWindowMs, assessmentRange(app.config.assessmentPeriod))
    hub.startDayTimer()

    nsp.use((socket, next) => {
      const token = (socket.handshake.auth as { token?: unknown } | undefined)?.token
      app.auth
        .principal(typeof token === 'string' ? token : undefined)
        .then((principal) => {
          if (!principal) {
            // The handshake serializer logs where it came from, never the token it offered.
            app.log.info({ handshake: socket.handshake }, 'live connection refused: no valid token')
            return next(new Error('unauthorized: a valid token is required'))
          }
          socket.data.principal = principal
          app.log.debug({ socket: socket.id, account: principal.account.username, kind: principal.kind, handshake: socket.handshake }, 'live socket connected')
          next()
        })
        .catch(next)
    })
    // First: a socket's events pass its budget before any handler does work for them.
    nsp.on(
      'connection',
      floodGuard({
        onFlood: (socket, event) =>
          app.log.warn(
            { socket: socket.id, account: (socket.data as SocketData).principal?.account.username, event, budget: SOCKET_EVENT_BUDGET },
            'live socket disconnected: it sent events faster than any wall does',
          ),
      }),
    )
    nsp.on('connection', subscriptionHandlers({ aggregator: app.aggregator, hub, canSee: app.auth.canSee }))

    app.aggregator.onChange((regions) => hub.markDirty(regions))
    app.ingest.onCommit((c) => {
      const items: FeedItem[] = []
      c.accepted.forEach(({ event, at }, i) => {
        if (!isCaseEvent(event)) return
        const state = c.cases.get(event.caseId)?.next
        if (state) items.push(feedItem(c.firstSeq + i, event, at, state, app.regions))
      })
      hub.addFeed(items.slice(-60))
      // One entry per risk point, holding the batch's final state: repeated changes send only the last.
      if (c.risks.size > 0) hub.pushRisks([...c.risks.values()].map(({ next }) => riskView(next, app.regions)))
    })

    app.decorate('io', io)
    app.decorate('live', hub)
    app.addHook('preClose', async () => {
      hub.close()
      // Not io.close(): it would close Fastify's HTTP server under Fastify's feet.
      io.disconnectSockets(true)
      io.engine.close()
    })
  },
  { name: 'live', dependencies: ['aggregator', 'ingest', 'auth', 'regions'] },
)
