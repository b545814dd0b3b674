import type { IncomingMessage, ServerResponse } from 'node:http'
import helmet, { type HelmetOptions } from 'helmet'
import { REFERRER_POLICY, wallCsp } from './headers'

/** Every header helmet sets for us, from the configured frame ancestors and video gateways. */
export function helmetOptions(frameAncestors: readonly string[], videoOrigins: readonly string[]): HelmetOptions {
  const sameOriginOnly = frameAncestors.length === 1 && (frameAncestors[0] === "'self'" || frameAncestors[0] === "'none'")
  return {
    contentSecurityPolicy: { useDefaults: false, directives: wallCsp(frameAncestors, videoOrigins) },
    referrerPolicy: { policy: REFERRER_POLICY },
    // X-Frame-Options cannot name another origin: with a hosting portal configured it would
    // contradict frame-ancestors (which browsers obey first), so it is sent only when it agrees.
    xFrameOptions: sameOriginOnly ? { action: frameAncestors[0] === "'none'" ? 'deny' : 'sameorigin' } : false,
    // HSTS belongs to the TLS-terminating proxy, which knows whether every subdomain of the
    // intranet name speaks https (includeSubDomains from here could cut off other services).
    strictTransportSecurity: false,
    crossOriginResourcePolicy: { policy: 'same-origin' },
  }
}

/**
 * The same headers on a raw response, for the few answers Fastify sends without running hooks
 * (a malformed URL: app.ts `frameworkErrors`).
 */
export function applySecurityHeaders(req: IncomingMessage, res: ServerResponse, frameAncestors: readonly string[], videoOrigins: readonly string[]): void {
  helmet(helmetOptions(frameAncestors, videoOrigins))(req, res, (err) => {
    if (err) throw err
  })
}
