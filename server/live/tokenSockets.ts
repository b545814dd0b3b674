import type { Namespace } from 'socket.io'
import type { Principal } from '../auth/principal'

/** Rooms that hold every socket of one token, and of one account (server-side only: clients cannot join rooms). */
export const tokenRoom = (id: string) => `token:${id}`
export const accountRoom = (id: number) => `account:${id}`

const SWEEP_MS = 250

interface SocketLike {
  data: { principal: Principal }
  join(rooms: string[]): unknown
  on(event: 'disconnect', fn: () => void): unknown
}

/**
 * Sockets by the token they came with, so that a token's end reaches its sockets: revoked or logged
 * out → disconnected at once (through the adapter, so on every node); expired → disconnected by a
 * sweep that reads the server's clock several times a second; its account changed (role, scope,
 * disabled) → disconnected, so the client reconnects and every subscription is checked again.
 */
export class TokenSockets {
  /** Expiry of every token with a socket on this node. */
  private readonly expiries = new Map<string, number>()
  private readonly timer: NodeJS.Timeout

  constructor(
    private readonly nsp: Namespace,
    private readonly clock: () => number,
  ) {
    this.timer = setInterval(() => this.sweep(), SWEEP_MS)
    this.timer.unref()
  }

  admit(socket: SocketLike): void {
    const { tokenId, account, expiresAt } = socket.data.principal
    socket.join([tokenRoom(tokenId), accountRoom(account.id)])
    if (expiresAt !== null) this.expiries.set(tokenId, expiresAt)
    socket.on('disconnect', () => {
      if (!this.nsp.adapter.rooms.get(tokenRoom(tokenId))?.size) this.expiries.delete(tokenId)
    })
  }

  end(tokenIds: readonly string[]): void {
    for (const id of tokenIds) {
      this.expiries.delete(id)
      this.nsp.in(tokenRoom(id)).disconnectSockets(true)
    }
  }

  accountChanged(accountId: number): void {
    this.nsp.in(accountRoom(accountId)).disconnectSockets(true)
  }

  sweep(): void {
    const now = this.clock()
    const expired = [...this.expiries].filter(([, at]) => at <= now).map(([id]) => id)
    if (expired.length > 0) this.end(expired)
  }

  close(): void {
    clearInterval(this.timer)
  }
}
