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

/** Presenter mode on /live: seats drive named walls; several nodes keep each other told through the adapter. */
export default fp(
  async (app) => {
    const nsp = app.io.of(LIVE_NAMESPACE)
    const refusal = (p: Parameters<typeof app.auth.permissions.refusal>[0], action: 'read' | 'present', region?: string) =>
      app.auth.permissions.refusal(p, action, region)
    const relay = new PresenterRelay({
      nsp,
      clock: app.clock,
      idleMs: app.config.presenterIdleMinutes * 60_000,
      refusal,
      audit: (e) => app.audit.record(e),
      // The in-memory adapter of a single node has no serverSideEmit (it only warns).
      ...(app.redis ? { sync: (push) => nsp.serverSideEmit('presenter:sync', push) } : {}),
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
    app.addHook('preClose', async () => relay.close())
  },
  { name: 'presenter', dependencies: ['live', 'auth', 'audit', 'redis'] },
)
