import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import type { Browser, Page } from 'playwright-core'
import { buildApp, type App } from '../../server/app'
import { configFromEnv } from '../../server/config'
import { listen } from './live'

export interface DemoServer {
  app: App
  base: string
  /** The administrator's session token. */
  token: string
  close: () => Promise<void>
}

/**
 * A demo server in-process for the screenshot scripts: a fresh temp data dir, demo data at
 * `scale`, the simulator at `simRate` events/s (0: off), listening on a random loopback port.
 * Resolves once the demo data is loaded.
 */
export async function startDemoServer({ scale = 1, simRate = 2, name = 'shots' }: { scale?: number; simRate?: number; name?: string } = {}): Promise<DemoServer> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), `yiping-${name}-`))
  const password = 'screenshot-password'
  const config = { ...configFromEnv({}), dataDir, demo: true, demoScale: scale, simRate, adminPassword: password, logLevel: 'warn' }
  const app = await buildApp({ config, logger: false })
  await app.ready()
  const base = await listen(app)
  const { token } = (await app.inject({ method: 'POST', url: '/api/v1/login', payload: { username: 'admin', password } })).json() as { token: string }
  await app.demo.ready()
  return { app, base, token, close: () => app.close() }
}

/** A page at one viewport whose console errors are printed with `label`, for screenshot scripts. */
export async function shotPage(browser: Browser, width: number, height: number, label: string): Promise<Page> {
  const page = await browser.newPage({ viewport: { width, height }, locale: 'zh-CN' })
  page.on('console', (m) => m.type() === 'error' && console.error(`[${label} ${width}x${height}] ${m.text()}`))
  return page
}
