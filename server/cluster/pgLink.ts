import pg from 'pg'

/** Key of the session advisory lock held by the cluster's leader (advisory locks are per database). */
export const LEADER_LOCK = 0x5969_6c65_6164
/** Alarm changes (payload: the alarm's id, or `e<id>:<at>` for an escalation), for other nodes to project. */
export const ALARM_CHANNEL = 'yiping_alarms'

export interface PgLinkOptions {
  url: string
  channels: readonly string[]
  /** How often a follower tries the leader's lock (and a leader checks its connection), ms. */
  pollMs: number
  onNotice(channel: string, payload: string): void
  onLeader(leader: boolean): void
  /** The connection (re)opened and listens: notices sent while it was down are lost, so catch up. */
  onListening(): void
  onError(err: unknown): void
}

/**
 * One dedicated connection per node: it LISTENs to the log's and the alarms' channels and holds
 * the leader's advisory lock when this node leads. A session lock goes with its connection, so a
 * node that dies (kill -9, a lost network) gives the lead up at once and another node's next try
 * takes it; if this connection breaks, this node steps down before anything else happens.
 */
export class PgLink {
  private client: pg.Client | null = null
  private timer: NodeJS.Timeout | undefined
  private closed = false
  private trying = false
  leader = false
  connected = false

  constructor(private readonly opts: PgLinkOptions) {}

  async start(): Promise<void> {
    await this.poll()
    this.timer = setInterval(() => void this.poll(), this.opts.pollMs)
    this.timer.unref()
  }

  /** Wakes other nodes (and this one): delivered when sent, outside any transaction. */
  async notify(channel: string, payload: string): Promise<void> {
    if (!this.client || !this.connected) return
    await this.client.query('SELECT pg_notify($1, $2)', [channel, payload]).catch((err: unknown) => this.opts.onError(err))
  }

  async close(): Promise<void> {
    this.closed = true
    clearInterval(this.timer)
    const c = this.client
    this.client = null
    this.setLeader(false)
    if (c) await c.end().catch(() => undefined)
  }

  private async open(): Promise<void> {
    const c = new pg.Client({ connectionString: this.opts.url, keepAlive: true })
    c.on('notification', (n) => this.opts.onNotice(n.channel, n.payload ?? ''))
    c.on('error', (err) => this.lost(c, err))
    c.on('end', () => this.lost(c, null))
    try {
      await c.connect()
      for (const ch of this.opts.channels) await c.query(`LISTEN ${ch}`)
    } catch (err) {
      this.lost(c, err)
      return
    }
    this.client = c
    this.connected = true
    this.opts.onListening()
  }

  private lost(c: pg.Client, err: unknown): void {
    if (this.client !== c && this.client !== null) return
    this.client = null
    this.connected = false
    this.setLeader(false)
    if (err) this.opts.onError(err)
    c.end().catch(() => undefined)
  }

  private async poll(): Promise<void> {
    if (this.closed || this.trying) return
    this.trying = true
    try {
      if (!this.client) await this.open()
      if (!this.client) return
      if (this.leader) {
        await this.client.query('SELECT 1')
        return
      }
      const r = await this.client.query<{ ok: boolean }>(`SELECT pg_try_advisory_lock(${LEADER_LOCK}) AS ok`)
      if (r.rows[0]?.ok) this.setLeader(true)
    } catch (err) {
      if (this.client) this.lost(this.client, err)
    } finally {
      this.trying = false
    }
  }

  private setLeader(leader: boolean): void {
    if (leader === this.leader) return
    this.leader = leader
    this.opts.onLeader(leader)
  }
}
