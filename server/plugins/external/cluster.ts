import fp from 'fastify-plugin'
import { ALARM_CHANNEL, PgLink } from '../../cluster/pgLink'
import { LOG_CHANNEL } from '../../store/postgres/log'

type NoticeListener = (payload: string) => void
type LeaderListener = (leader: boolean) => void

/**
 * This node among others. With the embedded SQLite store there is one node: it always leads and
 * nothing is sent. On PostgreSQL every node is equal; one holds the leader's lock and does what
 * must happen once (alarms raised and cleared, escalation, the demo load, the simulator), and all
 * are woken by the database's notices (the log's commits, alarm changes).
 */
export interface Cluster {
  /** False for the single embedded node. */
  readonly shared: boolean
  readonly nodeId: string
  isLeader(): boolean
  /** Called now with the current lead and on every change. */
  onLeader(fn: LeaderListener): () => void
  onNotice(channel: string, fn: NoticeListener): () => void
  /** Called whenever the listening connection (re)opens, so that a node reads what it may have missed. */
  onListening(fn: () => void): () => void
  notify(channel: string, payload: string): Promise<void>
  /** The link to the database listens (always true for the embedded store). */
  linked(): boolean
}

declare module 'fastify' {
  interface FastifyInstance {
    cluster: Cluster
  }
}

/** How often a follower tries the leader's lock: a dead leader is replaced within about this long. */
const LEADER_POLL_MS = 1000

export default fp(
  async (app) => {
    const leaderListeners = new Set<LeaderListener>()
    const notices = new Map<string, Set<NoticeListener>>()
    const listening = new Set<() => void>()
    const url = app.store.kind === 'postgres' ? app.config.databaseUrl : null
    const link = url
      ? new PgLink({
          url,
          channels: [LOG_CHANNEL, ALARM_CHANNEL],
          pollMs: LEADER_POLL_MS,
          onNotice: (channel, payload) => notices.get(channel)?.forEach((fn) => fn(payload)),
          onLeader: (leader) => {
            app.log.info({ leader }, leader ? 'this node leads the cluster' : 'this node follows')
            for (const fn of leaderListeners) fn(leader)
          },
          onListening: () => listening.forEach((fn) => fn()),
          onError: (err) => app.log.warn({ err }, 'cluster link to PostgreSQL lost; reconnecting'),
        })
      : null

    const cluster: Cluster = {
      shared: link !== null,
      nodeId: app.config.nodeId,
      isLeader: () => (link ? link.leader : true),
      onLeader(fn) {
        leaderListeners.add(fn)
        fn(cluster.isLeader())
        return () => leaderListeners.delete(fn)
      },
      onNotice(channel, fn) {
        const set = notices.get(channel) ?? notices.set(channel, new Set()).get(channel)!
        set.add(fn)
        return () => set.delete(fn)
      },
      onListening(fn) {
        listening.add(fn)
        return () => listening.delete(fn)
      },
      notify: (channel, payload) => (link ? link.notify(channel, payload) : Promise.resolve()),
      linked: () => (link ? link.connected : true),
    }
    app.decorate('cluster', cluster)
    // Listening starts once every service has subscribed; the lead is released last of all.
    app.addHook('onReady', async () => {
      await link?.start()
    })
    app.addHook('onClose', async () => {
      await link?.close()
    })
  },
  { name: 'cluster', dependencies: ['config', 'store'] },
)
