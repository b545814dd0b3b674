import fp from 'fastify-plugin'
import { LIVE_NAMESPACE } from '../../../shared/live/protocol'
import { PresenterRelay } from '../../live/presenter'
import { presenterHandlers } from '../../live/presenterSocket'

declare module 'fastify' {
  interface FastifyInstance {
    /** Presenter mode: which seat drives which named wall (live/presenter.ts). */
    presenter: PresenterRelay
  }
}

/**
 * Presenter mode on /live: seats drive named walls; several nodes keep each other told through the
 * adapter, and what is held is read back from the audit trail (the shared database) at start.
 */
export default fp(
  async (app) => {
    const nsp = app.io.of(LIVE_NAMESPACE)
    const refusal = (p: Parameters<typeof app.auth.permissions.refusal>[0], action: 'read' | 'present', region?: string) =>
      app.auth.permissions.refusal(p, action, region)
    const idleMs = app.config.presenterIdleMinutes * 60_000
    const redis = app.redis
    const relay = new PresenterRelay({
      nsp,
      clock: app.clock,
      idleMs,
      refusal,
      audit: (e) => app.audit.record(e),
      // The in-memory adapter of a single node has no serverSideEmit (it only warns).
      ...(redis
        ? {
            sync: (push) => nsp.serverSideEmit('presenter:sync', push),
            // One key per wall, kept half an idle time: two idle hand-backs of a wall are at least an
            // idle time apart (a take in between), while the nodes' timers for one fire within
            // moments of each other (a restored take's instant is its audit line's, a few ms later).
            claimIdle: async (wall) =>
              (await redis.set(`${app.config.redisPrefix}:presenter:idle:${wall}`, app.config.nodeId, {
                condition: 'NX',
                expiration: { type: 'PX', value: Math.max(1000, Math.floor(idleMs / 2)) },
              })) === 'OK',
          }
        : {}),
      // Takes and releases are audited before they are relayed: the trail is what a starting node reads.
      async trail(since) {
        const entries = []
        let cursor: string | undefined
        do {
          const page = await app.store.duty.queryAudit({ action: 'presenter', from: since, limit: 500, ...(cursor ? { cursor } : {}) })
          entries.push(...page.items)
          cursor = page.nextCursor ?? undefined
        } while (cursor)
        return entries
      },
    })
    nsp.on('presenter:sync', (push) => void relay.fromPeer(push))
    const handlers = presenterHandlers({
      nsp,
      relay,
      refusal,
      async refresh(socket) {
        const fresh = await app.auth.sessions.refresh(socket.data.principal)
        if (!fresh) setImmediate(() => socket.disconnect(true))
        else socket.data.principal = fresh
        return fresh
      },
    })
    nsp.on('connection', handlers)
    app.decorate('presenter', relay)
    // Before any wall connects: walls held before this node started (or restarted) stay held.
    app.addHook('onReady', async () => {
      const held = await relay.restore()
      if (held > 0) app.log.info({ walls: held }, 'presenter: walls still held, read back from the audit trail')
    })
    app.addHook('preClose', async () => relay.close())
  },
  { name: 'presenter', dependencies: ['live', 'auth', 'audit', 'redis'] },
)
