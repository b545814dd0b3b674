import fs from 'node:fs'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { SummaryPush } from '../../shared/live/protocol'
import { findNginx, nginxConfig, startNginx, type RunningNginx } from '../../scripts/cluster/nginx'
import { io } from 'socket.io-client'
import { ingestOn, TestCluster, type Health, type Node } from '../helpers/cluster'
import { connect, connected, subscribe, type LiveClient } from '../helpers/live'
import { reported } from '../helpers/events'

/**
 * Two real nodes behind Debian's nginx, configured as docs/deploy.md says (scripts/cluster/nginx.ts
 * writes that configuration): plain requests are balanced over both, and a wall's socket connects
 * through nginx with the WebSocket transport and receives pushes of events ingested on either node,
 * so on the node it is not connected to as well; a wall whose node is killed with -9 reconnects
 * through nginx to the other one. CI installs nginx (.ci/run); without it this is skipped.
 */
const nginx = findNginx()
if (!nginx) console.warn('cluster-nginx.test.ts skipped: nginx is not installed (apt-get install nginx; .ci/run installs it)')

it("is configured as docs/deploy.md says: its location blocks and the upgrade map, line for line", () => {
  const docs = fs.readFileSync('docs/deploy.md', 'utf8')
  const block = /```nginx\n([\s\S]*?)```/.exec(docs)![1]!
  const lines = (text: string) => text.split('\n').map((l) => l.replace(/#.*/, '').trim()).filter(Boolean)
  // What the balancing depends on: the map and each location's directives (TLS and names aside).
  const wanted = [...block.matchAll(/(map \$http_upgrade[\s\S]*?\n\}|location [\s\S]*?\n {4}\})/g)].flatMap((m) => lines(m[1]!))
  expect(wanted.filter((l) => l.startsWith('proxy_set_header Upgrade'))).toHaveLength(1)
  const generated = new Set(lines(nginxConfig({ upstreams: ['127.0.0.1:1'], listen: { host: '127.0.0.1', port: 2 }, dir: '/tmp/x' })))
  expect(wanted.filter((l) => !generated.has(l))).toEqual([])
  expect(generated).toContain('server 127.0.0.1:1 max_fails=1 fail_timeout=5s;')
  expect(block).toContain('max_fails=1 fail_timeout=5s;')
})

describe.skipIf(!nginx)('two nodes behind nginx', () => {
  const cluster = new TestCluster()
  let a: Node
  let b: Node
  let front: RunningNginx

  beforeAll(async () => {
    await cluster.seed()
    a = await cluster.start('node-a')
    b = await cluster.start('node-b')
    front = await startNginx(nginx!, [a, b].map((n) => new URL(n.base).host))
  }, 180_000)
  afterAll(async () => {
    await front?.close()
    await cluster.stop()
  })

  it('balances requests over both nodes', async () => {
    const seen = new Set<string>()
    for (let i = 0; i < 4; i++) {
      const res = await fetch(`${front.base}/healthz`)
      expect(res.status).toBe(200)
      seen.add(((await res.json()) as Health).nodeId)
    }
    expect([...seen].sort()).toEqual(['node-a', 'node-b'])
  })

  it("passes a socket's WebSocket upgrade through; the socket gets pushes of events ingested on each node", async () => {
    const socket: LiveClient = connect(front.base, a.token)
    try {
      await connected(socket)
      // WebSocket from the start, through nginx's Upgrade/Connection headers: no polling, no stickiness.
      expect(socket.io.engine.transport.name).toBe('websocket')
      const ack = await subscribe(socket, '330000')
      expect(ack).toMatchObject({ seq: expect.any(Number) })
      const seqs: number[] = []
      const pushed = (seq: number) =>
        new Promise<void>((resolve) => {
          const on = (p: SummaryPush) => {
            seqs.push(p.seq)
            if (p.seq >= seq) {
              socket.off('summary', on)
              resolve()
            }
          }
          socket.on('summary', on)
        })
      // One ingest on each node, straight to it: whichever node nginx gave the socket, one of the
      // two pushes is of a batch committed on the other node (which its node read from the log).
      const now = Date.now()
      const onA = await ingestOn(a, [reported('NG-A', '330111001001', now - 60_000)])
      await pushed(onA.seq)
      const onB = await ingestOn(b, [reported('NG-B', '330411001001', now - 60_000)])
      await pushed(onB.seq)
      expect(Math.max(...seqs)).toBe(onB.seq)
      expect(socket.connected).toBe(true)
    } finally {
      socket.disconnect()
    }
  }, 60_000)

  it('a wall whose node is killed with -9 reconnects through nginx to the other node and resyncs', async () => {
    // Two walls that reconnect and subscribe again as the wall does; round robin puts one on each node.
    const wall = () => {
      const socket: LiveClient = io(`${front.base}/live`, { auth: { token: a.token }, transports: ['websocket'], forceNew: true, reconnectionDelay: 100, reconnectionDelayMax: 500 })
      const seqs: number[] = []
      const snapshots: number[] = []
      let waiters: Array<() => void> = []
      const wake = () => {
        const now = waiters
        waiters = []
        for (const w of now) w()
      }
      socket.on('summary', (p) => (seqs.push(p.seq), wake()))
      socket.on('connect', () =>
        void subscribe(socket, '330000').then(
          (ack) => (ack.ok && snapshots.push(ack.seq), wake()),
          () => wake(),
        ),
      )
      /** Resolves once `holds()` does, checked again at every push or subscription (no polling). */
      const when = (holds: () => boolean) =>
        new Promise<void>((resolve) => {
          const check = () => (holds() ? resolve() : void waiters.push(check))
          check()
        })
      return { socket, seqs, snapshots, when }
    }
    const walls = [wall(), wall()]
    try {
      await Promise.all(walls.map((w) => w.when(() => w.snapshots.length === 1)))
      const dropped = new Promise<(typeof walls)[number]>((resolve) => walls.forEach((w) => w.socket.once('disconnect', () => resolve(w))))
      await cluster.kill(a)
      // The wall that was on A lost its socket; the other one, on B, kept it.
      const lost = await dropped
      const kept = walls.find((w) => w !== lost)!
      expect(kept.socket.connected).toBe(true)
      // It comes back through nginx (A refuses, nginx passes the upgrade on to B) with B's snapshot.
      await lost.when(() => lost.snapshots.length === 2)
      const next = await ingestOn(b, [reported('NG-AFTER', '330411001001', Date.now() - 60_000)])
      expect(next.seq).toBeGreaterThan(lost.snapshots[1]!)
      await Promise.all(walls.map((w) => w.when(() => w.seqs.some((s) => s >= next.seq))))
      expect(kept.snapshots).toHaveLength(1)
    } finally {
      for (const w of walls) w.socket.disconnect()
    }
  }, 90_000)
})
