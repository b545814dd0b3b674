import { spawn, type ChildProcess } from 'node:child_process'
import { randomBytes } from 'node:crypto'
import { ADMIN_PASSWORD, INGEST_KEY, seedRegions, storeEnv, tempDataDir } from './app'
import { connect, connected, subscribe, type LiveClient } from './live'

export const REDIS_URL = process.env.YIPING_TEST_REDIS ?? 'redis://127.0.0.1:6379'

export interface Node {
  id: string
  base: string
  child: ChildProcess
  /** Resolves when the process has exited. */
  exited: Promise<void>
  token: string
}

/** A cluster of real server processes on one PostgreSQL database of its own and the machine's Redis. */
export class TestCluster {
  readonly seedDir = tempDataDir()
  /** Keys and streams of this cluster only (others may share the Redis). */
  readonly redisPrefix = `yiping-test:${randomBytes(6).toString('hex')}`
  readonly nodes: Node[] = []
  private url = ''

  async seed(): Promise<void> {
    await seedRegions(this.seedDir, undefined, 'postgres')
    this.url = storeEnv(this.seedDir).YIPING_DATABASE_URL!
  }

  /** Starts a node (tsx, a random port) and resolves once it listens and its admin has a token. */
  async start(id: string, env: Record<string, string> = {}): Promise<Node> {
    const child = spawn(process.execPath, ['--import', 'tsx', 'server/server.ts'], {
      env: {
        ...process.env,
        PORT: '0',
        YIPING_DATA_DIR: tempDataDir(),
        YIPING_DATABASE_URL: this.url,
        YIPING_REDIS_URL: REDIS_URL,
        YIPING_REDIS_PREFIX: this.redisPrefix,
        YIPING_NODE_ID: id,
        YIPING_DEMO: '0',
        YIPING_SIM_RATE: '0',
        YIPING_ADMIN_PASSWORD: ADMIN_PASSWORD,
        YIPING_INGEST_KEY: INGEST_KEY,
        YIPING_PUSH_WINDOW_MS: '50',
        LOG_LEVEL: 'warn',
        ...env,
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    })
    let errors = ''
    child.stderr!.on('data', (d: Buffer) => (errors += d.toString()))
    const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()))
    const base = await new Promise<string>((resolve, reject) => {
      let out = ''
      child.stdout!.on('data', (d: Buffer) => {
        out += d.toString()
        const m = /running: (http:\/\/\S+?)\/?\s/.exec(out)
        if (m) resolve(m[1]!)
      })
      child.once('exit', (code) => reject(new Error(`node ${id} exited ${code}: ${errors}`)))
    })
    const login = await fetch(`${base}/api/v1/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: 'admin', password: ADMIN_PASSWORD }),
    })
    const { token } = (await login.json()) as { token: string }
    const node = { id, base, child, exited, token }
    this.nodes.push(node)
    return node
  }

  async kill(node: Node, signal: NodeJS.Signals = 'SIGKILL'): Promise<void> {
    node.child.kill(signal)
    await node.exited
  }

  async stop(): Promise<void> {
    await Promise.all(this.nodes.map((n) => (n.child.exitCode === null && n.child.signalCode === null ? this.kill(n, 'SIGTERM') : undefined)))
  }
}

export const ingestOn = async (node: Node, events: unknown[]) => {
  const res = await fetch(`${node.base}/api/v1/events`, {
    method: 'POST',
    headers: { authorization: `Bearer ${INGEST_KEY}`, 'content-type': 'application/json' },
    body: JSON.stringify({ events }),
  })
  if (res.status !== 200) throw new Error(`ingest on ${node.id}: ${res.status} ${await res.text()}`)
  return (await res.json()) as { accepted: number; duplicates: number; seq: number }
}

export const getJson = async <T>(node: Node, path: string): Promise<T> => {
  const res = await fetch(`${node.base}${path}`, { headers: { authorization: `Bearer ${node.token}` } })
  return (await res.json()) as T
}

export interface Health {
  status: string
  nodeId: string
  leader: boolean
  seq: number
  head: number | null
  lag: number | null
  storeOk: boolean
  redisOk: boolean | null
}
export const health = async (node: Node) => {
  const res = await fetch(`${node.base}/healthz`)
  return { code: res.status, body: (await res.json()) as Health }
}

/** A socket on a node, subscribed to a region. */
export async function watch(node: Node, region: string): Promise<{ socket: LiveClient; seq: number }> {
  const socket = connect(node.base, node.token)
  await connected(socket)
  const ack = (await subscribe(socket, region)) as unknown as { seq: number }
  return { socket, seq: ack.seq }
}

/** Asks until `check` holds (an event seen from outside a process), at most `ms`. */
export async function until<T>(what: string, ask: () => Promise<T>, check: (v: T) => boolean, ms = 30_000): Promise<T> {
  const end = Date.now() + ms
  for (;;) {
    const v = await ask()
    if (check(v)) return v
    if (Date.now() > end) throw new Error(`${what}: still ${JSON.stringify(v)}`)
    await new Promise((r) => setTimeout(r, 100))
  }
}
