import fp from 'fastify-plugin'
import { createClient } from 'redis'

export type RedisClient = ReturnType<typeof createClient>

declare module 'fastify' {
  interface FastifyInstance {
    /** Connected when YIPING_REDIS_URL is set (pushes across nodes, shared rate limits); else null. */
    redis: RedisClient | null
  }
}

/**
 * Redis, when configured: the Socket.IO Redis Streams adapter carries what one node emits to the
 * other nodes' sockets, and rate limits are counted there for every node at once. The client
 * reconnects by itself; while Redis is away /healthz says so.
 */
export default fp(
  async (app) => {
    const url = app.config.redisUrl
    if (!url) return void app.decorate('redis', null)
    const client: RedisClient = createClient({ url, socket: { reconnectStrategy: (retries) => Math.min(100 * 2 ** retries, 2000) } })
    let reported = false
    client.on('error', (err: unknown) => {
      if (reported) return
      reported = true
      app.log.warn({ err }, 'redis unavailable; reconnecting')
    })
    client.on('ready', () => (reported = false))
    await client.connect()
    app.decorate('redis', client)
    app.addHook('onClose', async () => {
      await client.quit().catch(() => client.disconnect())
    })
  },
  { name: 'redis', dependencies: ['config'] },
)
