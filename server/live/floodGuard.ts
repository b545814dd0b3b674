import type { Socket } from 'socket.io'
import { SOCKET_EVENT_BUDGET, TokenBucket, type EventBudget } from './eventBudget'

interface Deps {
  budget?: EventBudget
  /**
   * Elapsed real time in ms. Not app.clock: this throttles a connection's traffic as it happens,
   * while app.clock is the domain's time (which tests stop and move).
   */
  now?: () => number
  onFlood: (socket: Socket, event: string) => void
}

/** Every incoming event of a socket passes its budget first; the first one over it ends the connection. */
export function floodGuard({ budget = SOCKET_EVENT_BUDGET, now = () => performance.now(), onFlood }: Deps) {
  return (socket: Socket) => {
    const bucket = new TokenBucket(budget, now())
    let flooded = false
    socket.use(([event], next) => {
      if (flooded) return
      if (bucket.take(now())) return next()
      flooded = true
      onFlood(socket, String(event))
      // true: close the underlying connection, so the rest of the flood is never even decoded.
      socket.disconnect(true)
    })
  }
}
