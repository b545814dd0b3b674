import fp from 'fastify-plugin'
import fastifyHelmet, { type FastifyHelmetOptions } from '@fastify/helmet'
import { helmetOptions } from '../../security/helmetOptions'

/**
 * Security headers on every answer (routes, static files, 404s and errors alike: helmet sets them
 * in an onRequest hook, before anything can fail). /docs replaces only the CSP with its own
 * (plugins/external/docs.ts); Socket.IO's polling answers get the plain headers in plugins/app/live.ts;
 * a malformed URL, which skips every hook, gets them in app.ts.
 */
export default fp(
  async (app) => {
    // The same options object helmet takes; @fastify/helmet declares helmet's types a second time (CJS).
    const options = helmetOptions(app.config.frameAncestors, app.config.videoOrigins) as FastifyHelmetOptions
    await app.register(fastifyHelmet, { ...options, global: true })
  },
  { name: 'security', dependencies: ['config'] },
)
