import http from 'node:http'
import net from 'node:net'

export interface Upstream {
  host: string
  port: number
  healthy: boolean
}

/**
 * A small load balancer for trying several nodes on one machine (what nginx does in production,
 * docs/deploy.md): requests and WebSocket upgrades go round-robin to the nodes whose /healthz
 * answers 200, checked every second; no stickiness is needed, walls use WebSocket only.
 */
export function startProxy(upstreams: Upstream[], port: number, host = '127.0.0.1'): Promise<{ server: http.Server; close(): Promise<void> }> {
  let next = 0
  const pick = (): Upstream | undefined => {
    for (let i = 0; i < upstreams.length; i++) {
      const u = upstreams[(next + i) % upstreams.length]!
      if (u.healthy) {
        next = (next + i + 1) % upstreams.length
        return u
      }
    }
    return undefined
  }
  const forwarded = (req: http.IncomingMessage) => ({
    ...req.headers,
    'x-forwarded-for': [req.headers['x-forwarded-for'], req.socket.remoteAddress].filter(Boolean).join(', '),
    'x-forwarded-proto': 'http',
  })

  const server = http.createServer((req, res) => {
    const u = pick()
    if (!u) return void res.writeHead(502).end('no healthy node')
    const out = http.request({ host: u.host, port: u.port, method: req.method, path: req.url, headers: forwarded(req) }, (r) => {
      res.writeHead(r.statusCode ?? 502, r.headers)
      r.pipe(res)
    })
    out.on('error', () => {
      u.healthy = false
      if (!res.headersSent) res.writeHead(502)
      res.end()
    })
    req.pipe(out)
  })
  server.on('upgrade', (req: http.IncomingMessage, socket: net.Socket, head: Buffer) => {
    const u = pick()
    if (!u) return void socket.destroy()
    const up = net.connect(u.port, u.host, () => {
      const headers = Object.entries(forwarded(req)).flatMap(([k, v]) => (Array.isArray(v) ? v.map((x) => `${k}: ${x}`) : v === undefined ? [] : [`${k}: ${v}`]))
      up.write(`${req.method} ${req.url} HTTP/1.1\r\n${headers.join('\r\n')}\r\n\r\n`)
      if (head.length > 0) up.write(head)
      socket.pipe(up).pipe(socket)
    })
    const end = () => {
      up.destroy()
      socket.destroy()
    }
    up.on('error', end)
    socket.on('error', end)
    up.on('close', end)
    socket.on('close', end)
  })

  const check = () =>
    upstreams.forEach((u) => {
      const r = http.get({ host: u.host, port: u.port, path: '/healthz', timeout: 2000 }, (res) => {
        u.healthy = res.statusCode === 200
        res.resume()
      })
      r.on('timeout', () => r.destroy())
      r.on('error', () => (u.healthy = false))
    })
  const timer = setInterval(check, 1000)
  timer.unref()
  check()

  return new Promise((resolve) =>
    server.listen(port, host, () =>
      resolve({
        server,
        close: () =>
          new Promise<void>((done) => {
            clearInterval(timer)
            server.closeAllConnections()
            server.close(() => done())
          }),
      }),
    ),
  )
}
