import { createServer } from 'node:http'
import type { AddressInfo } from 'node:net'
import { Server, type Socket } from 'socket.io'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { dialEarly, dropEarlyLine, earlyLineSettled, openLiveSocket, takeEarlyLine, type LiveLine } from '../../client/src/live/socket'
import { LIVE_NAMESPACE } from '../../shared/live/protocol'

// A bare Socket.IO server on a random port: it admits the token 'ok', never answers 'hold', refuses
// any other, and lets the test hang up on a client as a node going down would.
const http = createServer()
const io = new Server(http)
const arrivals: Socket[] = []
const waiting: Array<() => void> = []
let base = ''
io.of(LIVE_NAMESPACE).use((socket, next) => {
  if (socket.handshake.auth.token !== 'hold') next(socket.handshake.auth.token === 'ok' ? undefined : new Error('unauthorized'))
})
io.of(LIVE_NAMESPACE).on('connection', (socket) => {
  arrivals.push(socket)
  waiting.splice(0).forEach((wake) => wake())
})
const lines: LiveLine[] = []

beforeAll(async () => {
  await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve))
  base = `http://127.0.0.1:${(http.address() as AddressInfo).port}`
})
afterAll(async () => {
  for (const line of lines) line.close()
  await io.close()
})

function open(): LiveLine {
  const line = openLiveSocket('ok', base)
  lines.push(line)
  return line
}
/** Resolves once the server has seen `n` connections in all. */
function arrived(n: number): Promise<void> {
  return new Promise((resolve) => {
    const check = () => (arrivals.length >= n ? resolve() : waiting.push(check))
    check()
  })
}
/** The server's end of a client's connection, by the client's socket id. */
function onServer(line: LiveLine): Socket {
  const socket = arrivals.find((s) => s.id === line.socket.id)
  if (!socket) throw new Error(`the server has not seen ${line.socket.id}`)
  return socket
}
const once = (line: LiveLine, event: 'connect' | 'disconnect') => new Promise<void>((resolve) => line.socket.once(event, () => resolve()))

describe('a line to /live', () => {
  it('dials again by itself when the server hangs up on it', async () => {
    const line = open()
    await once(line, 'connect')
    const seen = arrivals.length
    const gone = once(line, 'disconnect')
    onServer(line).disconnect()
    await gone
    expect(line.socket.connected).toBe(false)
    await once(line, 'connect')
    await arrived(seen + 1)
    expect(line.socket.connected).toBe(true)
  })

  it('does not dial again once its owner closed it, even with the server’s hang-up just before', async () => {
    const closed = open()
    const witness = open()
    await Promise.all([once(closed, 'connect'), once(witness, 'connect')])

    // The owner closes the line as soon as it hears of the hang-up: its redial was already due.
    const closedGone = once(closed, 'disconnect')
    onServer(closed).disconnect()
    await closedGone
    closed.close()
    // The witness is hung up on after: its redial comes due after the closed line's would have.
    const witnessGone = once(witness, 'disconnect')
    onServer(witness).disconnect()
    await witnessGone
    await once(witness, 'connect')
    expect(closed.socket.active).toBe(false)
    expect(closed.socket.connected).toBe(false)
  })
})

describe('a line dialled early (before the wall is rendered)', () => {
  it('is taken once, by the live store of the same token, connected as it was dialled', async () => {
    dialEarly('ok', base)
    const line = takeEarlyLine('ok')
    expect(line).not.toBeNull()
    lines.push(line!)
    expect(takeEarlyLine('ok')).toBeNull()
    await once(line!, 'connect')
    expect(onServer(line!).handshake.auth).toEqual({ token: 'ok' })
  })

  it('is closed when the store starts with another token, or when the wall leaves before it went live', () => {
    const first = dialEarly('ok', base)
    expect(takeEarlyLine('someone else')).toBeNull()
    expect(first.socket.active).toBe(false)
    const second = dialEarly('ok', base)
    dropEarlyLine()
    expect(second.socket.active).toBe(false)
    expect(takeEarlyLine('ok')).toBeNull()
  })

  it('is not handed over once refused: the store dials afresh and hears the refusal itself', async () => {
    const early = dialEarly('bad', base)
    await new Promise<void>((resolve) => early.socket.once('connect_error', () => resolve()))
    expect(takeEarlyLine('bad')).toBeNull()
    expect(early.socket.active).toBe(false)
  })

  it('settles when it connects, in the task that heard it, and is still there to be taken', async () => {
    const early = dialEarly('ok', base)
    await earlyLineSettled(60_000)
    expect(early.socket.connected).toBe(true)
    const line = takeEarlyLine('ok')
    expect(line).toBe(early)
    lines.push(line!)
    // Connected already: at once, in the same task.
    const again = dialEarly('ok', base)
    await earlyLineSettled(60_000)
    expect(again.socket.connected).toBe(true)
    let settled = false
    void earlyLineSettled(60_000).then(() => (settled = true))
    await Promise.resolve()
    expect(settled).toBe(true)
    lines.push(takeEarlyLine('ok')!)
  })

  it('settles when it is refused, and is dropped then: the store hears the refusal on a line of its own', async () => {
    const early = dialEarly('bad', base)
    await earlyLineSettled(60_000)
    expect(early.socket.active).toBe(false)
    expect(takeEarlyLine('bad')).toBeNull()
  })

  it('settles after the wait when the server has not answered, and stays dialled for the store', async () => {
    const early = dialEarly('hold', base)
    await earlyLineSettled(50)
    expect(early.socket.connected).toBe(false)
    const line = takeEarlyLine('hold')
    expect(line).toBe(early)
    line!.close()
  })

  it('settles at once when nothing was dialled', async () => {
    dropEarlyLine()
    await earlyLineSettled(60_000)
  })
})
