import type { Socket as IoSocket } from 'socket.io'
import { regionRoom, viewRoom, type ClientToServerEvents, type FeedItem, type ServerToClientEvents, type SummaryPush } from '../../shared/live/protocol'
import type { LiveNamespace } from './hub'

/**
 * The room of the sockets behind, which a flush's broadcasts leave out. A room rather than a list of
 * ids: connection-state recovery keeps each broadcast's options for two minutes, and a room's name is
 * one string where a list would be one per socket behind.
 */
export const BEHIND_ROOM = 'push:behind'
/** The sockets of one catch-up group, in the room only while its frame is broadcast (one encode per group). */
const CATCH_UP_ROOM = 'push:catch-up'

/** Ticker lines one socket is owed per region while it is behind: the ring's length, as a snapshot could show. */
const MAX_OWED_LINES = 300

/** The ticker lines of one flush for one region (newest first), shared by every socket that missed them. */
interface Chunk {
  flush: number
  items: FeedItem[]
}

type Socket = IoSocket<ClientToServerEvents, ServerToClientEvents>

/** What a socket missed of one region while behind. */
interface Owed {
  /** The view whose newest frame it lacks (undefined: only lines of the region). */
  view: string | undefined
  /** Oldest flush first. */
  chunks: Chunk[]
  lines: number
}

interface Behind {
  socket: Socket
  /** The Engine.IO transport whose `ready` (its last write finished) was listened to. */
  transport: Socket['conn']['transport']
  onReady: () => void
  regions: Map<string, Owed>
}

/**
 * The sockets still writing an earlier frame when a flush comes (their Engine.IO transport is not
 * writable: the last write has not left Node, because the kernel's buffer towards that client is
 * full). Each flush leaves them out of its broadcasts (BEHIND_ROOM) and remembers, per region, which view's frame
 * they missed and the ticker lines that rode with it; once the socket's last write finishes, it gets
 * the newest frame of each such view (a `summary` frame is a whole view, so the newest replaces the
 * ones missed) with every line it missed, newest first, or the lines alone as `feed:items`. Alarms,
 * risks, instructions and presenter frames are never held here: they queue behind the socket's last
 * write in Engine.IO's buffer, in order, as before. Catch-ups are broadcast once per group of
 * sockets owed the same thing, so the frame is encoded once per group, not per socket. Cluster mode
 * as before: each node holds back and catches up its own sockets only (`local`).
 */
export class Backlog {
  private behind = new Map<string, Behind>()
  /** Sockets whose last write finished since the last flush, caught up at the next check. */
  private drained = new Set<string>()
  private catchUpQueued = false

  constructor(
    private readonly nsp: LiveNamespace,
    /** The newest frame pushed of a view (without its lines), or undefined once it is gone. */
    private readonly latest: (view: string) => Omit<SummaryPush, 'feed'> | undefined,
  ) {}

  get size(): number {
    return this.behind.size
  }

  /**
   * At the start of a flush: remember every socket that cannot take a frame now, in BEHIND_ROOM,
   * which the flush's broadcasts leave out. Those that drained since the last flush stay in it for
   * this flush and get its frames in their catch-up right after it (one frame per view, the lines in
   * order). Returns whether any socket is behind.
   */
  survey(): boolean {
    for (const [id, b] of this.behind) {
      if (!b.socket.connected) {
        this.drop(id, b)
        continue
      }
      if (b.socket.conn.transport !== b.transport) {
        // The transport changed (an upgrade): its `ready` is listened to from now on.
        b.transport.off('ready', b.onReady)
        b.transport = b.socket.conn.transport
        b.transport.on('ready', b.onReady)
      }
      if (b.transport.writable) this.drained.add(id)
    }
    // A recovered connection is given back the rooms it had, this one too: it starts afresh.
    for (const id of this.nsp.adapter.rooms.get(BEHIND_ROOM) ?? []) if (!this.behind.has(id)) void this.nsp.sockets.get(id)?.leave(BEHIND_ROOM)
    // One property read per socket (bench/README.md, "per-socket backpressure", for its cost at 5,000).
    for (const [id, socket] of this.nsp.sockets) {
      if (!socket.conn.transport.writable && !this.behind.has(id)) this.remember(socket)
    }
    return this.behind.size > 0
  }

  /** The sockets left out of a view's frame: each is owed the view's newest frame and these lines. */
  missedFrame(view: string, region: string, items: FeedItem[] | undefined, flush: number): void {
    const room = this.nsp.adapter.rooms.get(viewRoom(view))
    if (!room) return
    for (const [id, b] of this.behind) {
      if (!room.has(id)) continue
      const owed = this.owed(b, region)
      owed.view = view
      if (items) add(owed, { flush, items })
    }
  }

  /** The sockets left out of a region's lines sent alone. */
  missedLines(region: string, items: FeedItem[], flush: number): void {
    const room = this.nsp.adapter.rooms.get(regionRoom(region))
    if (!room) return
    for (const [id, b] of this.behind) if (room.has(id)) add(this.owed(b, region), { flush, items })
  }

  /** The socket subscribed to or left the region again: its snapshot (or leaving) replaces what it was owed. */
  forget(socketId: string, region: string): void {
    this.behind.get(socketId)?.regions.delete(region)
  }

  /** At the end of a flush (and after a drain between flushes): catch up the sockets that drained. */
  catchUp(): void {
    this.catchUpQueued = false
    if (this.drained.size === 0) return
    const groups = new Map<string, { event: 'summary' | 'feed:items'; payload: unknown; ids: string[] }>()
    for (const id of this.drained) {
      const b = this.behind.get(id)
      if (!b) continue
      this.drop(id, b)
      if (!b.socket.connected) continue
      for (const [region, owed] of b.regions) {
        const frame = owed.view !== undefined && b.socket.rooms.has(viewRoom(owed.view)) ? this.latest(owed.view) : undefined
        const hasLines = owed.chunks.length > 0 && (frame !== undefined || b.socket.rooms.has(regionRoom(region)))
        if (!frame && !hasLines) continue
        // Sockets behind over the same flushes of a region are owed the same lines.
        const key = `${frame ? owed.view : ''}\u0000${region}\u0000${owed.chunks[0]?.flush ?? ''}:${owed.chunks.at(-1)?.flush ?? ''}:${owed.lines}`
        let group = groups.get(key)
        if (!group) {
          const items = hasLines ? lines(owed) : undefined
          const payload = frame ? { ...frame, ...(items ? { feed: items } : {}) } : { region, items }
          groups.set(key, (group = { event: frame ? 'summary' : 'feed:items', payload, ids: [] }))
        }
        group.ids.push(id)
      }
    }
    this.drained.clear()
    for (const g of groups.values()) {
      const members = g.ids.map((id) => this.nsp.sockets.get(id)).filter((socket) => socket !== undefined)
      for (const socket of members) void socket.join(CATCH_UP_ROOM)
      const to = this.nsp.local.to(CATCH_UP_ROOM)
      if (g.event === 'summary') to.emit('summary', g.payload as SummaryPush)
      else to.emit('feed:items', g.payload as { region: string; items: FeedItem[] })
      for (const socket of members) void socket.leave(CATCH_UP_ROOM)
    }
  }

  close(): void {
    for (const [id, b] of this.behind) this.drop(id, b)
    this.drained.clear()
  }

  private remember(socket: Socket): void {
    const id = socket.id
    const transport = socket.conn.transport
    const onReady = () => {
      // Engine.IO flushed its own buffer on this same event first: drained only if nothing is left.
      if (!this.behind.has(id) || !socket.conn.transport.writable) return
      this.drained.add(id)
      if (!this.catchUpQueued) {
        this.catchUpQueued = true
        // Drains of one turn of the loop are caught up together (one encode per group).
        setImmediate(() => this.catchUp())
      }
    }
    transport.on('ready', onReady)
    this.behind.set(id, { socket, transport, onReady, regions: new Map() })
    void socket.join(BEHIND_ROOM)
  }

  private drop(id: string, b: Behind): void {
    b.transport.off('ready', b.onReady)
    this.behind.delete(id)
    if (b.socket.connected) void b.socket.leave(BEHIND_ROOM)
  }

  private owed(b: Behind, region: string): Owed {
    let owed = b.regions.get(region)
    if (!owed) b.regions.set(region, (owed = { view: undefined, chunks: [], lines: 0 }))
    return owed
  }
}

function add(owed: Owed, chunk: Chunk): void {
  owed.chunks.push(chunk)
  owed.lines += chunk.items.length
  // The oldest lines go first once a screen is owed more than a snapshot would show.
  while (owed.chunks.length > 1 && owed.lines - owed.chunks[0]!.items.length >= MAX_OWED_LINES) owed.lines -= owed.chunks.shift()!.items.length
}

/** Every line owed, newest first. */
function lines(owed: Owed): FeedItem[] {
  const out: FeedItem[] = []
  for (let i = owed.chunks.length - 1; i >= 0; i--) out.push(...owed.chunks[i]!.items)
  return out.slice(0, MAX_OWED_LINES)
}
