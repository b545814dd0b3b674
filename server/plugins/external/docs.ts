import fp from 'fastify-plugin'
import swagger from '@fastify/swagger'
import swaggerUi from '@fastify/swagger-ui'
import { docsCsp, serializeCsp } from '../../security/headers'

/** OpenAPI generated from the routes' own TypeBox schemas, served offline at /docs. */
export default fp(
  async (app) => {
    await app.register(swagger, {
      openapi: {
        info: {
          title: 'Yiping 一屏 API',
          version: '1',
          description:
            'Ingest of case and risk events, region figures, and the live Socket.IO namespace `/live` ' +
            '(events `subscribe { region, period?, compare?, rankBy?, order? }` → ack `{ ok, view, seq, summary, detail, feed }`; ' +
            'pushes `summary` `{ region, view, seq, summary, detail | detailPatch, feed? }` (one frame per change: the figures, the panels and the new ticker lines) once per distinct view per flush and at Shanghai midnight, and `feed:items` for lines no view push carried; ' +
            'the panels come whole (`detail`) on a view’s first push or when a patch is not clearly smaller, else as `detailPatch { since, seq, children?, hourly?: { from, slots }, daily?: { from, slots }, byCategory?, … }`, ' +
            'values to set on the detail the screen holds of the view (its last push’s or the subscribe answer’s); holding none, or one older than `since`, subscribe again for the whole state; ' +
            '`risk:changed` `{ risk }` — a risk point of the subtree registered or changed status, its new state as in GET /api/v1/risks). ' +
            'Presenter mode on the same namespace: a wall `presenter:watch { wall }` (ack `{ ok, state }`) and follows `presenter:state ' +
            '{ wall, state }` (state `{ wall, region, page, period, asOf, by, at, idleUntil }`, or null when handed back); a seat with ' +
            '`present` in the region (leader, dispatcher, admin; never a display token) sends `presenter:take { wall, region, page, period?, asOf? }` ' +
            'and `presenter:release { wall }` (both audited); `presenter:walls` lists the walls watched now. A wall not changed for ' +
            'YIPING_PRESENTER_IDLE_MINUTES is handed back; what is held is read back from the audit trail by a node that starts. ' +
            'Replay (`asOf=<instant>`, never in the future, 400 otherwise) on GET /api/v1/summary, /summary/detail, /themes/:page, ' +
            '/risks and /feed answers what a read at that instant answered, by the server’s commit times. ' +

            'Every subscribe checks the token again; a revoked, logged-out or expired token’s sockets are disconnected. ' +
            'Roles admin, leader, dispatcher, viewer; display (kiosk) tokens only ever read; `GET /api/v1/me` lists what a token may do.',
        },
        components: { securitySchemes: { bearer: { type: 'http', scheme: 'bearer' } } },
      },
    })
    await app.register(swaggerUi, {
      routePrefix: '/docs',
      // Its own CSP on /docs routes only (set in its onSend hook over the global one).
      staticCSP: serializeCsp(docsCsp(app.config.frameAncestors)),
      // No badge from validator.swagger.io: the server and its pages never reach the internet.
      uiConfig: { validatorUrl: null },
    })
  },
  { name: 'docs', dependencies: ['config'] },
)
