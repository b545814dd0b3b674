import { spawn, type ChildProcess } from 'node:child_process'
import path from 'node:path'
import pg from 'pg'
import { startProxy, type Upstream } from './proxy'

/**
 * `npm run cluster`: two nodes on PostgreSQL and Redis behind a small proxy on this machine, to try
 * what docs/deploy.md describes (nginx in front of N nodes). The database is created if missing.
 */
const env = process.env
const databaseUrl = env.YIPING_DATABASE_URL || 'postgres://postgres@127.0.0.1:5432/yiping'
const redisUrl = env.YIPING_REDIS_URL || 'redis://127.0.0.1:6379'
const port = Number(env.PORT || 3100)
const nodes = Number(env.YIPING_CLUSTER_NODES || 2)

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

function startNode(i: number): Promise<{ child: ChildProcess; upstream: Upstream }> {
  const nodePort = port + i
  const id = `node-${i}`
  const child = spawn(process.execPath, ['--import', 'tsx', 'server/server.ts'], {
    env: {
      YIPING_DEMO: '1',
      ...env,
      PORT: String(nodePort),
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
      if (/running: /.test(out)) resolve({ child, upstream: { host: '127.0.0.1', port: nodePort, healthy: true } })
    })
    child.once('exit', (code) => reject(new Error(`${id} exited with ${code}`)))
  })
}

async function main() {
  await ensureDatabase(databaseUrl)
  const started: Array<{ child: ChildProcess; upstream: Upstream }> = []
  const stop = () => {
    for (const s of started) s.child.kill('SIGTERM')
    setTimeout(() => process.exit(0), 5000).unref()
  }
  process.once('SIGINT', stop)
  process.once('SIGTERM', stop)
  // One after another: the first creates the schema and the accounts, the next joins it.
  for (let i = 1; i <= nodes; i++) started.push(await startNode(i))
  await startProxy(started.map((s) => s.upstream), port)
  process.stdout.write(`\n  ${nodes} nodes behind http://127.0.0.1:${port}/ (nodes on ports ${port + 1}–${port + nodes}; each /healthz says which leads)\n\n`)
}

main().catch((err: unknown) => {
  console.error(err)
  process.exit(1)
})
