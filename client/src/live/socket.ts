import { io, type Socket } from 'socket.io-client'
import { LIVE_NAMESPACE, type ClientToServerEvents, type ServerToClientEvents } from '../../../shared/live/protocol'

export type LiveSocket = Socket<ServerToClientEvents, ClientToServerEvents>

/**
 * One connection to /live; Socket.IO reconnects by itself with backoff (1 s doubling to 10 s).
 * WebSocket only: with several nodes behind a load balancer, long-polling's requests would need
 * to stick to one node, a WebSocket is one connection to one node however it was balanced.
 */
export function openLiveSocket(token: string): LiveSocket {
  return io(LIVE_NAMESPACE, {
    auth: { token },
    transports: ['websocket'],
    reconnectionDelay: 1000,
    reconnectionDelayMax: 10_000,
    randomizationFactor: 0.3,
  })
}
