import type { PresenterState } from '../../../shared/live/presenter'
import { isWallName } from '../../../shared/live/wallNames'
import { openLiveSocket } from '../live/socket'

const REDIAL_MS = 1500

/**
 * A named wall's own line to the presenter (`/?wall=NAME`): a socket of its own on /live, so it is
 * heard in replay too (when the figures' socket is closed). It watches the name again after every
 * reconnect and hands `onState` what drives the wall (null: nobody).
 */
export function openWallLink(token: string, wall: string, onState: (s: PresenterState | null) => void): () => void {
  if (!isWallName(wall)) return () => undefined
  const s = openLiveSocket(token)
  s.on('connect', () => {
    void s
      .timeout(10_000)
      .emitWithAck('presenter:watch', { wall })
      .then((ack) => ack.ok && onState(ack.state))
      .catch(() => undefined)
  })
  // A server that hangs up itself (a restart) is not redialled by Socket.IO: we do, as the live store does.
  let redial: ReturnType<typeof setTimeout> | undefined
  s.on('disconnect', (reason) => {
    if (reason === 'io server disconnect') redial = setTimeout(() => s.connect(), REDIAL_MS)
  })
  s.on('presenter:state', (push) => {
    if (push.wall === wall) onState(push.state)
  })
  return () => {
    clearTimeout(redial)
    s.removeAllListeners()
    s.disconnect()
  }
}
