import type { Alarm } from '../../../shared/api/alarms'
import type { Instruction } from '../../../shared/api/instructions'
import type { FeedItem } from '../../../shared/live/protocol'
import type { Summary } from '../../../shared/summary/schema'
import { openLiveSocket, type LiveSocket } from '../live/socket'

export interface DutySocketHandlers {
  /** Every (re)connect: subscribe again and refetch. */
  connected: (socket: LiveSocket) => void
  offline: () => void
  /** The token was refused: the screen goes back to the login form. */
  denied: () => void
  alarm: (alarm: Alarm) => void
  summary: (summary: Summary) => void
  /** Ticker lines of the region: a case event (a desk action) the selected case may be in. */
  feed: (items: FeedItem[]) => void
  instruction: (instruction: Instruction) => void
}

/**
 * The desk's own connection to /live (the wall's store keeps its own). Only the pushes the desk
 * uses are listened to; close() releases the listeners, the redial timer and the socket.
 */
export function openDutySocket(token: string, region: () => string, on: DutySocketHandlers): { close: () => void } {
  const line = openLiveSocket(token)
  const s = line.socket
  s.on('connect', () => on.connected(s))
  s.on('disconnect', () => on.offline())
  s.on('connect_error', (err) => {
    if (/unauthorized/.test(err.message)) on.denied()
    else on.offline()
  })
  s.on('alarm', (push) => on.alarm(push.alarm))
  s.on('summary', (push) => {
    if (push.region !== region()) return
    if (push.feed) on.feed(push.feed)
    on.summary(push.summary)
  })
  s.on('feed:items', (push) => push.region === region() && on.feed(push.items))
  s.on('instruction', (push) => on.instruction(push.instruction))
  return { close: line.close }
}
