import fp from 'fastify-plugin'
import { Server } from 'socket.io'
import { createAdapter } from '@socket.io/redis-streams-adapter'
import { LIVE_NAMESPACE, type ClientToServerEvents, type InterServerEvents, type ServerToClientEvents } from '../../../shared/live/protocol'
import { lastFeedItems } from '../../ingest/feedItem'
import { riskView } from '../../routes/views'
import { assessmentRange } from '../../config'
import { FEED_RING, LiveHub } from '../../live/hub'
import { feedHistory } from '../../live/feedHistory'
import { subscriptionHandlers, type LiveSocket, type SocketData } from '../../live/subscribe'
import { TokenSockets } from '../../live/tokenSockets'
import { floodGuard } from '../../live/floodGuard'
import { SOCKET_EVENT_BUDGET } from '../../live/eventBudget'
import { PLAIN_HEADERS } from '../../security/headers'

declare module 'fastify' {
  interface FastifyInstance {
    io: Server<ClientToServerEvents, ServerToClientEvents, InterServerEvents, SocketData>
    live: LiveHub
  }
}

/** Socket.IO on Fastify's own HTTP server (fastify-socket.io still pins Fastify 4), namespace /live. */
export default fp(
  async (app) => {
    const io = new Server<ClientToServerEvents, ServerToClientEvents, InterServerEvents, SocketData>(app.server, {
      serveClient: false,
      cors: { origin: false },
      connectionStateRecovery: { maxDisconnectionDuration: 2 * 60_000, skipMiddlewares: false },
      // Several nodes: what one node emits to all (a token's sockets ended, an account disabled)
      // reaches every node's sockets, and recovery sessions survive the node a wall was on. Figures,
      // the feed, alarms, risks and instructions are pushed by every node from its own projection
      // to its own sockets (`local`), so each screen gets each once.
      ...(app.redis
        ? {
            adapter: createAdapter(app.redis, {
              streamName: `${app.config.redisPrefix}:live`,
              channelPrefix: `${app.config.redisPrefix}:live`,
              sessionKeyPrefix: `${app.config.redisPrefix}:session:`,
              onlyPlaintext: true,
            }),
          }
        : {}),
    })
    // Engine.IO answers /socket.io/ itself, before Fastify's hooks: its long-polling answers get the plain headers here.
    const withPlainHeaders = (headers: Record<string, string>) => Object.assign(headers, PLAIN_HEADERS)
    io.engine.on('initial_headers', withPlainHeaders)
    io.engine.on('headers', withPlainHeaders)
    const nsp = io.of(LIVE_NAMESPACE)
    const hub = new LiveHub(nsp, app.aggregator, app.regions, app.config.pushWindowMs, assessmentRange(app.config.assessmentPeriod))
    hub.startDayTimer()

    const tokens = new TokenSockets(nsp, app.clock)
    app.auth.sessions.onEnded((ids) => tokens.end(ids))
    app.auth.sessions.onAccountChanged((id) => tokens.accountChanged(id))

    // Every connection, a recovered one too, shows a live token (skipMiddlewares: false).
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

    /** Each subscribe reads the token again: ended or disabled since → refused and disconnected. */
    const authorizeRead = async (socket: LiveSocket, code: string): Promise<string | null> => {
      const fresh = await app.auth.sessions.refresh(socket.data.principal)
      if (!fresh) {
        // After the refusal has been answered.
        setImmediate(() => socket.disconnect(true))
        return 'the token has ended'
      }
      socket.data.principal = fresh
      return app.auth.permissions.refusal(fresh, 'read', code)
    }
    const subscriptions = subscriptionHandlers({ aggregator: app.aggregator, hub, authorizeRead })
    nsp.on('connection', (socket) => {
      // A recovered connection gets its old rooms back (each subscription's region room beside its
      // other rooms): if the token may no longer read one of them, it starts afresh instead.
      const regions = [...socket.rooms].filter((r) => r.startsWith('region:')).map((r) => r.slice('region:'.length))
      if (socket.recovered && regions.some((code) => !app.auth.may(socket.data.principal, 'read', code))) return void socket.disconnect(true)
      tokens.admit(socket)
      subscriptions(socket)
    })

    app.aggregator.onChange((regions) => hub.markDirty(regions))
    app.ingest.onCommit((c) => {
      hub.addFeed(lastFeedItems(c.accepted, c.cases, app.regions))
      // One entry per risk point, holding the batch's final state: repeated changes send only the last.
      if (c.risks.size > 0) hub.pushRisks([...c.risks.values()].map(({ next }) => riskView(next, app.regions)))
    })

    app.decorate('io', io)
    app.decorate('live', hub)
    // The ticker's recent lines from the log, so that walls on a fresh node are not blank until the
    // next event; in the background, and never in the way of serving.
    app.addHook('onReady', async () => {
      hub.feedSeeded = feedHistory(app.store, app.regions, app.config.timeLimits, FEED_RING)
        .then((items) => hub.seedFeed(items))
        .catch((err: unknown) => app.log.warn({ err }, 'the ticker history could not be read'))
    })
    app.addHook('preClose', async () => {
      hub.close()
      tokens.close()
      // Not io.close(): it would close Fastify's HTTP server under Fastify's feet.
      io.local.disconnectSockets(true)
      io.engine.close()
    })
  },
  { name: 'live', dependencies: ['aggregator', 'ingest', 'auth', 'regions', 'redis'] },
)
