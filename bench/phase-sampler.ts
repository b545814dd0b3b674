/**
 * What runs beside a bench run, sampled each second (bench/README.md, 2026-12-06, push after the
 * PostgreSQL phase): the disk's writes (/proc/diskstats), the bench servers' CPU per thread (utime +
 * stime and niceness of every /proc/<pid>/task/<tid>/stat; the SQLite server and the PostgreSQL one
 * told apart by YIPING_DATABASE_URL in their environment), the machine's PostgreSQL processes' CPU
 * by role, and pg_stat_bgwriter.
 *
 *   npx tsx bench/phase-sampler.ts record <out.jsonl>            (until killed)
 *   npx tsx bench/phase-sampler.ts summary <out.jsonl> <log> [pattern]
 *
 * `summary` reads a log of `npm run bench` whose lines start with epoch seconds
 * (`npm run bench -- … 2>&1 | while IFS= read -r l; do echo "$(date +%s.%N) $l"; done`) and prints,
 * for each stretch of the log whose progress lines match `pattern` (default `push latency \(real\), 1000 sockets`),
 * and for the 60 s before the push phase, the deltas over it.
 */
import fs from 'node:fs'
import pg from 'pg'
import { PG_SERVER } from './lib/pg'
import { ROOT } from './lib/server'
import { sleep } from './lib/stats'

const HZ = 100
const out = (line: string) => void process.stdout.write(`${line}\n`)
const DISK = process.env.SAMPLER_DISK ?? 'vda'

interface Sample {
  t: number
  disk: { writes: number; sectors: number; msWriting: number; flushes: number; msFlushing: number; inFlight: number }
  /** per server ('sqlite:<pid>' | 'pg:<pid>'): tid → [comm, nice, cpu ticks, bytes written to storage (/proc/…/io write_bytes)] */
  servers: Record<string, Record<string, [string, number, number, number]>>
  /** PostgreSQL processes' cpu ticks by role */
  postgres: Record<string, number>
  bgwriter?: Record<string, number>
  /** /proc/stat's cpu line: user nice system idle iowait irq softirq steal (ticks) */
  cpu: number[]
  /** /proc/meminfo Dirty and Writeback, kB */
  dirtyKb: number
  writebackKb: number
  /** every process: pid → [comm, cpu ticks] */
  procs: Record<string, [string, number]>
}

function read(p: string): string | null {
  try {
    return fs.readFileSync(p, 'utf8')
  } catch {
    return null
  }
}

function statFields(text: string): string[] {
  // comm may hold spaces: the fields after its closing parenthesis
  const close = text.lastIndexOf(')')
  return [text.slice(text.indexOf('(') + 1, close), ...text.slice(close + 2).split(' ')]
}

function disk() {
  const line = read('/proc/diskstats')!.split('\n').find((l) => l.trim().split(/\s+/)[2] === DISK)!
  const f = line.trim().split(/\s+/).map(Number)
  return { writes: f[7]!, sectors: f[9]!, msWriting: f[10]!, inFlight: f[11]!, flushes: f[18] ?? 0, msFlushing: f[19] ?? 0 }
}

function processes() {
  const servers: Sample['servers'] = {}
  const postgres: Record<string, number> = {}
  const procs: Sample['procs'] = {}
  for (const pid of fs.readdirSync('/proc').filter((d) => /^\d+$/.test(d))) {
    const st = read(`/proc/${pid}/stat`)
    if (!st) continue
    const s = statFields(st)
    procs[pid] = [s[0]!, Number(s[12]) + Number(s[13])]
    const cmd = read(`/proc/${pid}/cmdline`)?.replace(/\0/g, ' ') ?? ''
    if (cmd.startsWith('postgres')) {
      const role = /postgres: \S+ (checkpointer|background writer|walwriter|autovacuum|logical)/.exec(cmd)?.[1] ?? (cmd.startsWith('postgres:') ? 'backend' : 'postmaster')
      postgres[role] = (postgres[role] ?? 0) + Number(s[12]) + Number(s[13])
      continue
    }
    if (!cmd.includes('server/server.ts')) continue
    let cwd = ''
    try {
      cwd = fs.readlinkSync(`/proc/${pid}/cwd`)
    } catch {
      continue
    }
    if (cwd !== ROOT) continue
    const kind = (read(`/proc/${pid}/environ`) ?? '').includes('YIPING_DATABASE_URL=') ? 'pg' : 'sqlite'
    const threads: Record<string, [string, number, number, number]> = {}
    for (const tid of fs.readdirSync(`/proc/${pid}/task`)) {
      const f = read(`/proc/${pid}/task/${tid}/stat`)
      if (!f) continue
      const s = statFields(f)
      const written = Number(/^write_bytes: (\d+)/m.exec(read(`/proc/${pid}/task/${tid}/io`) ?? '')?.[1] ?? 0)
      threads[tid] = [s[0]!, Number(s[17]), Number(s[12]) + Number(s[13]), written]
    }
    servers[`${kind}:${pid}`] = threads
  }
  return { servers, postgres, procs }
}

async function record(out: string): Promise<void> {
  const client = new pg.Client({ connectionString: `${PG_SERVER}/test` })
  await client.connect()
  const fd = fs.openSync(out, 'a')
  for (;;) {
    const started = Date.now()
    const meminfo = read('/proc/meminfo')!
    const kb = (name: string) => Number(new RegExp(`^${name}:\\s+(\\d+)`, 'm').exec(meminfo)?.[1] ?? NaN)
    const cpu = read('/proc/stat')!.split('\n')[0]!.trim().split(/\s+/).slice(1, 9).map(Number)
    const s: Sample = { t: started, disk: disk(), ...processes(), cpu, dirtyKb: kb('Dirty'), writebackKb: kb('Writeback') }
    try {
      const r = await client.query('SELECT checkpoints_timed, checkpoints_req, checkpoint_write_time, checkpoint_sync_time, buffers_checkpoint, buffers_clean, buffers_backend, buffers_backend_fsync FROM pg_stat_bgwriter')
      s.bgwriter = Object.fromEntries(Object.entries(r.rows[0] as Record<string, unknown>).map(([k, v]) => [k, Number(v)]))
    } catch {
      /* PostgreSQL away: the rest still sampled */
    }
    fs.writeSync(fd, JSON.stringify(s) + '\n')
    await sleep(Math.max(0, 1000 - (Date.now() - started)))
  }
}

function windows(logFile: string, pattern: RegExp): Array<{ name: string; from: number; to: number }> {
  const lines = fs
    .readFileSync(logFile, 'utf8')
    .split('\n')
    .map((l) => /^(\d+\.\d+) (.*)$/.exec(l))
    .filter((m): m is RegExpExecArray => m !== null)
    .map((m) => ({ t: Number(m[1]) * 1000, text: m[2]! }))
  const out: Array<{ name: string; from: number; to: number }> = []
  const pushStart = lines.find((l) => l.text.includes('2/5 push'))
  if (pushStart) out.push({ name: '60 s before the push phase', from: pushStart.t - 60_000, to: pushStart.t })
  let open: { t: number; text: string } | null = null
  for (const l of lines) {
    const progressLine = l.text.startsWith('[bench')
    if (!open && progressLine && pattern.test(l.text)) open = l
    else if (open && ((progressLine && !pattern.test(l.text)) || l.text.startsWith('  push '))) {
      out.push({ name: open.text.replace(/^\[bench\s+\d+s\] /, ''), from: open.t, to: l.t })
      open = null
    }
  }
  return out
}

function summary(samplesFile: string, logFile: string, pattern: RegExp): void {
  const samples: Sample[] = fs.readFileSync(samplesFile, 'utf8').split('\n').filter(Boolean).map((l) => JSON.parse(l) as Sample)
  for (const w of windows(logFile, pattern)) {
    const inside = samples.filter((s) => s.t >= w.from && s.t <= w.to)
    if (inside.length < 2) continue
    const a = inside[0]!
    const b = inside[inside.length - 1]!
    const sec = (b.t - a.t) / 1000
    const d = (k: keyof Sample['disk']) => b.disk[k] - a.disk[k]
    out(`${w.name}: ${sec.toFixed(0)} s`)
    out(
      `  disk ${DISK}: ${d('writes')} writes (${(d('writes') / sec).toFixed(0)}/s), ${(d('sectors') / 2048).toFixed(1)} MB, ${d('msWriting')} ms writing, ${d('flushes')} flushes ${d('msFlushing')} ms`,
    )
    // busiest second of writing
    let worst = 0
    for (let i = 1; i < inside.length; i++) worst = Math.max(worst, inside[i]!.disk.msWriting - inside[i - 1]!.disk.msWriting)
    out(`  worst second: ${worst} ms writing`)
    const cpuNames = ['user', 'nice', 'system', 'idle', 'iowait', 'irq', 'softirq', 'steal']
    const cpuD = b.cpu.map((v, i) => v - a.cpu[i]!)
    const cpuTotal = cpuD.reduce((x, y) => x + y, 0)
    out(`  machine CPU: ${cpuNames.map((n, i) => `${n} ${((100 * cpuD[i]!) / cpuTotal).toFixed(1)} %`).join(', ')}; Dirty max ${Math.max(...inside.map((s) => s.dirtyKb))} kB`)
    const top = Object.entries(b.procs)
      .map(([pid, [comm, ticks]]) => ({ pid, comm, s: (ticks - (a.procs[pid]?.[1] ?? ticks)) / HZ }))
      .filter((p) => p.s >= 0.2)
      .sort((x, y) => y.s - x.s)
      .slice(0, 8)
    out(`  processes' CPU s: ${top.map((p) => `${p.comm}/${p.pid} ${p.s.toFixed(2)}`).join(', ')}`)
    const pgCpu = Object.entries(b.postgres)
      .map(([role, ticks]) => [role, (ticks - (a.postgres[role] ?? 0)) / HZ] as const)
      .filter(([, s]) => s > 0)
    out(`  postgres CPU s: ${pgCpu.map(([r, s]) => `${r} ${s.toFixed(2)}`).join(', ') || '0'}`)
    if (a.bgwriter && b.bgwriter)
      out(`  pg_stat_bgwriter Δ: ${Object.keys(b.bgwriter).map((k) => `${k} ${b.bgwriter![k]! - a.bgwriter![k]!}`).join(', ')}`)
    for (const key of Object.keys(b.servers)) {
      const ta = a.servers[key]
      if (!ta) continue
      const byThread = Object.entries(b.servers[key]!)
        .map(([tid, [comm, nice, ticks, written]]) => ({ tid, comm, nice, s: (ticks - (ta[tid]?.[2] ?? 0)) / HZ, mb: (written - (ta[tid]?.[3] ?? 0)) / 2 ** 20 }))
        .filter((t) => t.s > 0 || t.mb > 0)
        .sort((x, y) => y.s - x.s)
      out(
        `  server ${key} CPU s (MB written): ${byThread.map((t) => `${t.comm}/${t.tid}${t.nice ? ` nice ${t.nice}` : ''} ${t.s.toFixed(2)}${t.mb > 0 ? ` (${t.mb.toFixed(1)} MB)` : ''}`).join(', ')}`,
      )
    }
  }
}

const [cmd, a, b, c] = process.argv.slice(2)
if (cmd === 'record' && a) await record(a)
else if (cmd === 'summary' && a && b) summary(a, b, new RegExp(c ?? 'push latency \\(real\\), 1000 sockets'))
else {
  console.error('usage: phase-sampler.ts record <out.jsonl> | summary <out.jsonl> <log> [pattern]')
  process.exit(1)
}
