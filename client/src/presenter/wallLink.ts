import type { PresenterState } from '../../../shared/live/presenter'
import { isWallName } from '../../../shared/live/wallNames'
import { openLiveSocket } from '../live/socket'

/**
 * A named wall's own line to the presenter (`/?wall=NAME`): a socket of its own on /live, so it is
 * heard in replay too (when the figures' socket is closed). It watches the name again after every
 * reconnect and hands `onState` what drives the wall (null: nobody).
 */
export function openWallLink(token: string, wall: string, onState: (s: PresenterState | null) => void): () => void {
  if (!isWallName(wall)) return () => undefined
  const line = openLiveSocket(token)
  const s = line.socket
  s.on('connect', () => {
    void s
      .timeout(10_000)
      .emitWithAck('presenter:watch', { wall })
      .then((ack) => ack.ok && onState(ack.state))
      .catch(() => undefined)
  })
  s.on('presenter:state', (push) => {
    if (push.wall === wall) onState(push.state)
  })
  return line.close
}
