import type { FastifyRateLimitStore } from '@fastify/rate-limit'
import type { RedisClient } from '../plugins/external/redis'

type Callback = Parameters<FastifyRateLimitStore['incr']>[1]

// One round trip: count, start the window on the first hit, say how long it has left.
const INCR = `local n = redis.call('INCR', KEYS[1])
if n == 1 then redis.call('PEXPIRE', KEYS[1], ARGV[1]) end
return {n, redis.call('PTTL', KEYS[1])}`

/**
 * A store for @fastify/rate-limit that counts in Redis (node-redis), so that a limit holds for the
 * whole cluster, not per node: a client balanced over N nodes gets `max`, not N × `max`.
 */
export function redisRateStore(client: RedisClient, prefix: string) {
  return class RedisRateStore implements FastifyRateLimitStore {
    constructor(
      _options?: unknown,
      private readonly key = `${prefix}:`,
    ) {}

    incr(id: string, cb: Callback, timeWindow: number): void {
      client.eval(INCR, { keys: [this.key + id], arguments: [String(timeWindow)] }).then(
        (r) => {
          const [current, ttl] = r as [number, number]
          cb(null, { current, ttl: Math.max(0, ttl) })
        },
        (err: unknown) => cb(err instanceof Error ? err : new Error(String(err))),
      )
    }

    child(route: Parameters<FastifyRateLimitStore['child']>[0]): RedisRateStore {
      const { method, url } = (route as unknown as { routeInfo: { method: string; url: string } }).routeInfo
      return new RedisRateStore(undefined, `${this.key}${method}${url}:`)
    }
  }
}
