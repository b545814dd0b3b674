import { spawn, type ChildProcess } from 'node:child_process'
import net from 'node:net'
import path from 'node:path'
import pg from 'pg'
import { findNginx, freePort, startNginx } from './nginx'
import { startProxy, type Upstream } from './proxy'

/**
 * `npm run cluster`: two nodes on PostgreSQL and Redis behind a balancer on this machine, to try
 * what docs/deploy.md describes: Debian's nginx with the configuration given there when nginx is
 * installed (scripts/cluster/nginx.ts), else a small Node proxy doing the same (proxy.ts); it says
 * which. The database is created if missing.
 */
const env = process.env
const databaseUrl = env.YIPING_DATABASE_URL || 'postgres://postgres@127.0.0.1:5432/yiping'
const redisUrl = env.YIPING_REDIS_URL || 'redis://127.0.0.1:6379'
const nodes = Number(env.YIPING_CLUSTER_NODES || 2)
/** `node` forces the Node proxy even where nginx is installed. */
const wanted = env.YIPING_CLUSTER_PROXY === 'node' ? null : findNginx()

async function ensureDatabase(url: string) {
  const u = new URL(url)
  const name = decodeURIComponent(u.pathname.slice(1))
  u.pathname = '/postgres'
  const c = new pg.Client({ connectionString: u.toString() })
  await c.connect()
  try {
    if ((await c.query(`SELECT 1 FROM pg_database WHERE datname = $1`, [name])).rowCount === 0) {
      await c.query(`CREATE DATABASE "${name.replace(/"/g, '""')}"`)
      process.stdout.write(`created database ${name}\n`)
    }
  } finally {
    await c.end()
  }
}

/** The balancer's port: PORT when given; else 3100 when it is free, else any free port. */
async function frontPort(): Promise<number> {
  if (env.PORT) return Number(env.PORT)
  const free = await new Promise<boolean>((resolve) => {
    const s = net.createServer()
    s.once('error', () => resolve(false))
    s.listen(3100, '127.0.0.1', () => s.close(() => resolve(true)))
  })
  return free ? 3100 : freePort()
}

/** A node on a port of the kernel's choosing, resolved with it once it listens. */
function startNode(i: number): Promise<{ child: ChildProcess; upstream: Upstream }> {
  const id = `node-${i}`
  const child = spawn(process.execPath, ['--min-semi-space-size=16', '--max-semi-space-size=64', '--import', 'tsx', 'server/server.ts'], {
    env: {
      YIPING_DEMO: '1',
      HOST: '127.0.0.1',
      ...env,
      PORT: '0',
      YIPING_NODE_ID: id,
      YIPING_DATABASE_URL: databaseUrl,
      YIPING_REDIS_URL: redisUrl,
      YIPING_DATA_DIR: path.resolve(env.YIPING_DATA_DIR || './data', id),
      YIPING_TRUST_PROXY: env.YIPING_TRUST_PROXY || 'loopback',
    },
    stdio: ['ignore', 'pipe', 'inherit'],
  })
  return new Promise((resolve, reject) => {
    let out = ''
    child.stdout!.on('data', (d: Buffer) => {
      process.stdout.write(d)
      out += d.toString()
      const m = /running: http:\/\/([^:/\s]+):(\d+)/.exec(out)
      if (m) resolve({ child, upstream: { host: m[1]!, port: Number(m[2]), healthy: true } })
    })
    child.once('exit', (code) => reject(new Error(`${id} exited with ${code}`)))
  })
}

async function main() {
  await ensureDatabase(databaseUrl)
  const started: Array<{ child: ChildProcess; upstream: Upstream }> = []
  let closeFront: () => Promise<void> = async () => undefined
  const stop = () => {
    void closeFront()
    for (const s of started) s.child.kill('SIGTERM')
    setTimeout(() => process.exit(0), 5000).unref()
  }
  process.once('SIGINT', stop)
  process.once('SIGTERM', stop)
  // One after another: the first creates the schema and the accounts, the next joins it.
  for (let i = 1; i <= nodes; i++) started.push(await startNode(i))
  const port = await frontPort()
  const upstreams = started.map((s) => s.upstream)
  let front: string
  if (wanted) {
    const nginx = await startNginx(wanted, upstreams.map((u) => `${u.host}:${u.port}`), port)
    closeFront = nginx.close
    nginx.child.once('exit', (code) => code !== null && code !== 0 && process.stderr.write(`nginx exited with ${code}\n`))
    front = `nginx (${wanted}, configuration in ${nginx.dir}/nginx.conf)`
  } else {
    const proxy = await startProxy(upstreams, port)
    closeFront = proxy.close
    front = `the Node proxy (scripts/cluster/proxy.ts: ${env.YIPING_CLUSTER_PROXY === 'node' ? 'YIPING_CLUSTER_PROXY=node' : 'nginx is not installed'})`
  }
  const ports = upstreams.map((u) => u.port).join(', ')
  process.stdout.write(`\n  ${nodes} nodes behind http://127.0.0.1:${port}/ through ${front}\n  nodes on ports ${ports}; each /healthz says which leads\n\n`)
}

main().catch((err: unknown) => {
  console.error(err)
  process.exit(1)
})
