import http from 'node:http'

/**
 * Plain node:http with keep-alive: cheaper per request than fetch, so the load generator stays light.
 * An idle socket is closed by us after 30 s, well before the server's keep-alive timeout (72 s), so
 * the two sides seldom race to close the same socket.
 */
const agent = new http.Agent({ keepAlive: true, maxSockets: 64, timeout: 30_000 })

export interface HttpResult {
  status: number
  body: string
}

type RequestOptions = { token?: string; json?: unknown; body?: string; timeoutMs?: number }

/**
 * One request. A reused keep-alive socket that the server closed just as we sent on it fails with
 * ECONNRESET before the server read anything (Node's documented race); that one is sent again once,
 * on a fresh socket. Sending an event batch twice is safe anyway: ingest is idempotent by event id.
 */
export function request(method: 'GET' | 'POST', url: string, opts: RequestOptions = {}): Promise<HttpResult> {
  return send(method, url, opts).catch((err: Error & { code?: string; reused?: boolean }) => {
    if (err.code === 'ECONNRESET' && err.reused) return send(method, url, opts)
    throw err
  })
}

function send(method: 'GET' | 'POST', url: string, opts: RequestOptions): Promise<HttpResult> {
  return new Promise((resolve, reject) => {
    const payload = opts.body ?? (opts.json === undefined ? undefined : JSON.stringify(opts.json))
    const headers: http.OutgoingHttpHeaders = {}
    if (opts.token) headers.authorization = `Bearer ${opts.token}`
    if (payload !== undefined) {
      headers['content-type'] = 'application/json'
      headers['content-length'] = Buffer.byteLength(payload)
    }
    const req = http.request(url, { method, headers, agent, timeout: opts.timeoutMs ?? 60_000 }, (res) => {
      const chunks: Buffer[] = []
      res.on('data', (c: Buffer) => chunks.push(c))
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8') }))
      res.on('error', reject)
    })
    req.on('timeout', () => req.destroy(new Error(`${method} ${url}: timed out`)))
    req.on('error', (err: Error & { reused?: boolean }) => {
      err.reused = req.reusedSocket
      reject(err)
    })
    if (payload !== undefined) req.write(payload)
    req.end()
  })
}

export async function json<T>(method: 'GET' | 'POST', url: string, opts: Parameters<typeof request>[2] = {}): Promise<T> {
  const res = await request(method, url, opts)
  if (res.status !== 200) throw new Error(`${method} ${url} → ${res.status}: ${res.body.slice(0, 300)}`)
  return JSON.parse(res.body) as T
}

export function closeHttp(): void {
  agent.destroy()
}
