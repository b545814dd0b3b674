import { ref, shallowRef } from 'vue'
import type { Me } from '../../../shared/api/me'
import type { PresenterState, PresenterTake } from '../../../shared/live/presenter'
import { openLiveSocket } from '../live/socket'

/**
 * The seat's line to the presenter on /live: it follows the wall it has chosen (what drives it, by
 * whom, until when) and takes, changes and releases it. Every call answers with the server's word:
 * null when done, else why not (a display token, a region outside the scope).
 */
export function useSeat(token: string) {
  const line = openLiveSocket(token)
  const socket = line.socket
  const connected = ref(false)
  const state = shallowRef<PresenterState | null>(null)
  const walls = ref<string[]>([])
  let watching: string | null = null

  async function watch(wall: string): Promise<string | null> {
    watching = wall
    state.value = null
    const ack = await socket.timeout(10_000).emitWithAck('presenter:watch', { wall }).catch(() => null)
    if (!ack) return '服务器未应答'
    if (!ack.ok) return ack.error
    if (watching === wall) state.value = ack.state
    return null
  }
  async function take(req: PresenterTake): Promise<string | null> {
    const ack = await socket.timeout(10_000).emitWithAck('presenter:take', req).catch(() => null)
    if (!ack) return '服务器未应答'
    if (!ack.ok) return ack.error
    if (watching === req.wall) state.value = ack.state
    return null
  }
  async function release(wall: string): Promise<string | null> {
    const ack = await socket.timeout(10_000).emitWithAck('presenter:release', { wall }).catch(() => null)
    if (!ack) return '服务器未应答'
    return ack.ok ? null : ack.error
  }
  async function listWalls(): Promise<void> {
    const ack = await socket.timeout(10_000).emitWithAck('presenter:walls', {}).catch(() => null)
    if (ack?.ok) walls.value = ack.walls
  }

  socket.on('connect', () => {
    connected.value = true
    if (watching) void watch(watching)
    void listWalls()
  })
  socket.on('disconnect', () => {
    connected.value = false
  })
  socket.on('presenter:state', (push) => {
    if (push.wall === watching) state.value = push.state
  })
  return { connected, state, walls, watch, take, release, listWalls, close: line.close }
}

/** Who sits at the seat (GET /api/v1/me): its name, and whether it may drive a wall at all. */
export async function seatAccount(token: string): Promise<{ username: string; mayPresent: boolean } | null> {
  const res = await fetch('/api/v1/me', { headers: { authorization: `Bearer ${token}` } }).catch(() => null)
  if (!res?.ok) return null
  const me = (await res.json()) as Me
  return { username: me.account.username, mayPresent: me.permissions.includes('present') }
}
