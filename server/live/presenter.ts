import type { Namespace } from 'socket.io'
import type { ClientToServerEvents, InterServerEvents, ServerToClientEvents } from '../../shared/live/protocol'
import { wallRoom, type PresenterPush, type PresenterState, type PresenterTake } from '../../shared/live/presenter'
import { toShanghaiIso } from '../../shared/time/shanghai'
import type { Principal } from '../auth/principal'
import type { AuditEntry } from '../plugins/app/audit'
import { describeTake as describe, heldFromTrail, type TrailEntry } from './presenterTrail'
import type { SocketData } from './subscribe'

export type LiveNamespace = Namespace<ClientToServerEvents, ServerToClientEvents, InterServerEvents, SocketData>

interface Held {
  state: PresenterState
  idleUntil: number
  /** Taken through this node: without a claim (one node, or Redis unreachable), this node audits the idle hand-back. */
  own: boolean
}

interface Deps {
  nsp: LiveNamespace
  clock: () => number
  idleMs: number
  /** The permission model: null when allowed, else why not. */
  refusal: (p: Principal, action: 'read' | 'present', region: string) => string | null
  audit: (e: AuditEntry) => Promise<void>
  /** Tells the other nodes (the adapter's serverSideEmit); absent on a single node. */
  sync?: (push: PresenterPush) => void
  /**
   * Beside other nodes: true for the one node that audits a wall's idle hand-back (every node
   * holding the take asks when it idles; the first to ask wins). Absent on a single node.
   */
  claimIdle?: (wall: string) => Promise<boolean>
  /** The presenter's audit entries (`presenter.*`) since an instant, newest first: where a starting node reads what is held. */
  trail?: (since: number) => Promise<TrailEntry[]>
}

/**
 * Who drives which wall, on this node. A take is relayed at once to the wall's room on this node
 * and, through the adapter, to the other nodes, which relay it to their own screens: each screen
 * is told only what its own token may read (a wall that may not see the region is told it is
 * handed back, and stays on its playlist). When the seat has changed nothing for the idle time, by
 * the app clock, every node holding the take tells its own screens, so they go back even if the
 * node the take came through has gone; one of them, whichever claims it first, audits it.
 * What is held outlives a node: takes and releases are in the audit trail (the database) before
 * anyone is told, and a node that starts reads the walls still held from it (restore).
 */
export class PresenterRelay {
  private readonly held = new Map<string, Held>()
  private timer: NodeJS.Timeout | undefined

  constructor(private readonly d: Deps) {}

  /** What drives the wall now (null: nothing, or a state past its idle time). */
  current(wall: string): PresenterState | null {
    const h = this.held.get(wall)
    return h && h.idleUntil > this.d.clock() ? h.state : null
  }

  /**
   * At start: the walls the trail says are held and not idle yet (taken through any node, before
   * this one started or restarted). Alone, this node hands them back when idle and audits it;
   * beside other nodes, it takes its part in the claim for the audit line like every other.
   */
  async restore(): Promise<number> {
    if (!this.d.trail) return 0
    const now = this.d.clock()
    const states = heldFromTrail(await this.d.trail(now - this.d.idleMs), this.d.idleMs, now)
    for (const state of states)
      if (!this.held.has(state.wall)) this.held.set(state.wall, { state, idleUntil: Date.parse(state.idleUntil), own: !this.d.sync })
    this.arm()
    return states.length
  }

  /** A seat takes the wall, or changes what it shows. Null when allowed and done, else why not. */
  async take(p: Principal, req: PresenterTake): Promise<{ ok: true; state: PresenterState } | { ok: false; error: string }> {
    const refused = this.d.refusal(p, 'present', req.region)
    if (refused) return { ok: false, error: refused }
    const now = this.d.clock()
    if (req.asOf !== undefined && Date.parse(req.asOf) > now) return { ok: false, error: 'asOf is in the future' }
    const idleUntil = now + this.d.idleMs
    const state: PresenterState = {
      wall: req.wall,
      region: req.region,
      page: req.page,
      period: req.period ?? null,
      asOf: req.asOf ?? null,
      by: p.account.username,
      at: toShanghaiIso(now),
      idleUntil: toShanghaiIso(idleUntil),
    }
    this.held.set(req.wall, { state, idleUntil, own: true })
    await this.d.audit({ actor: p.account.username, action: 'presenter.take', target: `wall:${req.wall}`, note: describe(state), region: req.region })
    await this.relay({ wall: req.wall, state })
    this.arm()
    return { ok: true, state }
  }

  /** A seat hands the wall back; one outside its scope it cannot touch. */
  async release(p: Principal, wall: string): Promise<string | null> {
    const now = this.current(wall)
    if (now) {
      const refused = this.d.refusal(p, 'present', now.region)
      if (refused) return refused
    }
    const was = this.held.delete(wall)
    // Nothing to hand back (never taken, or already idle): nothing to audit or tell.
    if (!now) {
      if (was) this.arm()
      return null
    }
    await this.d.audit({ actor: p.account.username, action: 'presenter.release', target: `wall:${wall}`, note: describe(now), region: now.region })
    await this.relay({ wall, state: null })
    this.arm()
    return null
  }

  /** Hands back every wall held and idle by now; the timer calls it (tests after moving the clock). */
  async expireIdle(): Promise<void> {
    const now = this.d.clock()
    for (const [wall, h] of [...this.held]) {
      if (h.idleUntil > now) continue
      this.held.delete(wall)
      // Every node holding the take tells its own screens: the node it came through may be gone.
      // Only the audit line is claimed, so that it is written once, by a node still there.
      if (await this.auditsIdle(wall, h)) {
        const minutes = Math.round(this.d.idleMs / 60_000)
        await this.d.audit({ actor: 'system', action: 'presenter.release', target: `wall:${wall}`, note: `${h.state.by} 无操作 ${minutes} 分钟，自动交还`, region: h.state.region })
      }
      await this.tellLocal({ wall, state: null })
    }
    this.arm()
  }

  /** Whether this node writes the idle hand-back's audit line. */
  private async auditsIdle(wall: string, h: Held): Promise<boolean> {
    if (!this.d.claimIdle) return h.own
    try {
      return await this.d.claimIdle(wall)
    } catch {
      // The claim is unreachable (Redis away): the node the take came through audits, as before claims.
      return h.own
    }
  }

  /** Another node relayed a change: keep it and tell this node's screens. */
  async fromPeer(push: PresenterPush): Promise<void> {
    if (push.state) this.held.set(push.wall, { state: push.state, idleUntil: Date.parse(push.state.idleUntil), own: false })
    else this.held.delete(push.wall)
    await this.tellLocal(push)
    this.arm()
  }

  close(): void {
    clearTimeout(this.timer)
  }

  private async relay(push: PresenterPush): Promise<void> {
    this.d.sync?.(push)
    await this.tellLocal(push)
  }

  private async tellLocal(push: PresenterPush): Promise<void> {
    const sockets = await this.d.nsp.local.in(wallRoom(push.wall)).fetchSockets()
    for (const s of sockets) {
      const visible = push.state && this.d.refusal(s.data.principal, 'read', push.state.region) === null
      s.emit('presenter:state', visible ? push : { wall: push.wall, state: null })
    }
  }

  /** One timer, for the next wall due to go back. */
  private arm(): void {
    clearTimeout(this.timer)
    const due = [...this.held.values()].map((h) => h.idleUntil)
    if (due.length === 0) return
    this.timer = setTimeout(() => void this.expireIdle(), Math.min(Math.max(0, Math.min(...due) - this.d.clock()), 2 ** 31 - 1))
    this.timer.unref()
  }
}
