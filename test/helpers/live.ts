import { io, type Socket } from 'socket.io-client'
import type { AddressInfo } from 'node:net'
import type { App } from '../../server/app'
import type { Ack, ClientToServerEvents, ServerToClientEvents, SubscribeReply } from '../../shared/live/protocol'

export type LiveClient = Socket<ServerToClientEvents, ClientToServerEvents>

/** Listen on a random loopback port and return the base URL. */
export async function listen(app: App): Promise<string> {
  await app.listen({ port: 0, host: '127.0.0.1' })
  const { port } = app.server.address() as AddressInfo
  return `http://127.0.0.1:${port}`
}

export function connect(base: string, token: string | undefined): LiveClient {
  return io(`${base}/live`, { auth: token ? { token } : {}, transports: ['websocket'], reconnection: false, forceNew: true })
}

export function connected(s: LiveClient): Promise<void> {
  return new Promise((resolve, reject) => {
    s.once('connect', () => resolve())
    s.once('connect_error', reject)
  })
}

export function subscribe(s: LiveClient, region: string): Promise<Ack<SubscribeReply>> {
  return s.timeout(5000).emitWithAck('subscribe', { region })
}
