import fs from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import fp from 'fastify-plugin'
import fastifyStatic from '@fastify/static'

export const CLIENT_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../dist/client')

/** The built wall (dist/client, from `vite build`); everything it loads comes from this server. */
export default fp(
  async (app) => {
    if (!fs.existsSync(path.join(CLIENT_DIR, 'index.html'))) {
      app.log.warn({ dir: CLIENT_DIR }, 'the wall is not built: run `npm run build`')
      app.get('/', async (_req, reply) =>
        reply.code(503).type('text/plain; charset=utf-8').send('一屏: the wall is not built yet. Run `npm run build` (npm start does it).'),
      )
      return
    }
    // geo/ is served by routes/geo.ts, which prefers the imported maps kept in the store.
    await app.register(fastifyStatic, { root: CLIENT_DIR, prefix: '/', wildcard: false, index: ['index.html'], globIgnore: ['geo/**'] })
    // The duty desk, the comparison page, the admin page and the presenter's seat are client routes of the same page (client/src/App.vue picks by path).
    app.get('/duty', { schema: { hide: true } }, (_req, reply) => reply.sendFile('index.html'))
    app.get('/compare', { schema: { hide: true } }, (_req, reply) => reply.sendFile('index.html'))
    app.get('/admin', { schema: { hide: true } }, (_req, reply) => reply.sendFile('index.html'))
    app.get('/present', { schema: { hide: true } }, (_req, reply) => reply.sendFile('index.html'))
  },
  { name: 'static' },
)
