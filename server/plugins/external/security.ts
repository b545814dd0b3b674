import type { IncomingMessage, ServerResponse } from 'node:http'
import fp from 'fastify-plugin'
import helmet from 'helmet'
import { helmetOptions } from '../../security/helmetOptions'

/** What helmet does to a response: the headers it sets and the ones it removes, in its order. */
interface HeaderSet {
  set: Array<[name: string, value: string]>
  removed: string[]
}

/**
 * The headers helmet's middleware writes for these options, recorded once on a stand-in response.
 * Every one of them is a constant of the configuration (no nonce, no function directive: helmet
 * itself serialises such a CSP once), so replaying the record is what helmet would do per request.
 */
export function recordHelmetHeaders(frameAncestors: readonly string[], videoOrigins: readonly string[]): HeaderSet {
  const record: HeaderSet = { set: [], removed: [] }
  const stand = {
    setHeader(name: string, value: unknown) {
      if (typeof value !== 'string') throw new Error(`helmet set ${name} to a ${typeof value}: not a constant header`)
      record.set.push([name, value])
    },
    removeHeader(name: string) {
      record.removed.push(name)
    },
  }
  helmet(helmetOptions(frameAncestors, videoOrigins))({} as IncomingMessage, stand as unknown as ServerResponse, (err?: unknown) => {
    if (err) throw err
  })
  return record
}

/**
 * Security headers on every answer (routes, static files, 404s and errors alike: they are set in
 * an onRequest hook, before anything can fail). /docs replaces only the CSP with its own
 * (plugins/external/docs.ts); Socket.IO's polling answers get the plain headers in plugins/app/live.ts;
 * a malformed URL, which skips every hook, gets them in app.ts.
 *
 * helmet's options are turned into headers once at start-up: @fastify/helmet would rebuild every
 * middleware (and re-serialise the CSP) on every request, a few kilobytes of garbage per read.
 */
export default fp(
  async (app) => {
    const recorded = recordHelmetHeaders(app.config.frameAncestors, app.config.videoOrigins)
    // Lower case, as Fastify keeps a reply's headers; they go out with the answer's own headers in
    // one writeHead, and a later reply.header (the /docs CSP) replaces one as it did before.
    const set = recorded.set.map(([name, value]) => [name.toLowerCase(), value] as const)
    const { removed } = recorded
    app.addHook('onRequest', (_req, reply, done) => {
      for (let i = 0; i < set.length; i++) reply.header(set[i]![0], set[i]![1])
      for (let i = 0; i < removed.length; i++) reply.raw.removeHeader(removed[i]!)
      done()
    })
  },
  { name: 'security', dependencies: ['config'] },
)
