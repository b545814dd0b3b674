import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { buildApp, type App, type AppOptions } from '../../server/app'
import { configFromEnv, type Config } from '../../server/config'
import { RegionTree, regionPath, type Region } from '../../shared/regions/tree'
import { openStore } from '../../server/store/open'
import { TEST_REGIONS } from './regions'

export const ADMIN_PASSWORD = 'test-admin-password'
export const INGEST_KEY = 'test-ingest-key-0123456789'

export function tempDataDir(): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), 'yiping-test-'))
}

/** A store holding the test region tree (or another), as an operator's import would leave it. */
export async function seedRegions(dataDir: string, regions: readonly Region[] = TEST_REGIONS): Promise<void> {
  const store = await openStore({ databaseUrl: null, dataDir }, { clock: Date.now, nodeId: 'test-seed' })
  const tree = new RegionTree(regions)
  await store.putRegions(tree.list(), (code) => regionPath(tree, code))
  await store.close()
}

export function testConfig(dataDir: string, over: Partial<Config> = {}): Config {
  return {
    ...configFromEnv({}),
    dataDir,
    demo: false,
    simRate: 0,
    adminPassword: ADMIN_PASSWORD,
    ingestKey: INGEST_KEY,
    logLevel: 'silent',
    pushWindowMs: 50,
    ...over,
  }
}

/** A real app on a real SQLite file in a fresh temp directory; no port unless listen() is called. */
export async function testApp(
  opts: { dataDir?: string; clock?: () => number; config?: Partial<Config>; regions?: readonly Region[]; logger?: AppOptions['logger'] } = {},
): Promise<{ app: App; dataDir: string }> {
  const dataDir = opts.dataDir ?? tempDataDir()
  if (!opts.dataDir) await seedRegions(dataDir, opts.regions)
  const app = await buildApp({ config: testConfig(dataDir, opts.config), clock: opts.clock, logger: opts.logger ?? false })
  await app.ready()
  return { app, dataDir }
}

export async function adminToken(app: App): Promise<string> {
  const res = await app.inject({ method: 'POST', url: '/api/v1/login', payload: { username: 'admin', password: ADMIN_PASSWORD } })
  if (res.statusCode !== 200) throw new Error(`login failed: ${res.body}`)
  return (res.json() as { token: string }).token
}

export const ingestHeaders = { authorization: `Bearer ${INGEST_KEY}` }

export const bearer = (token: string) => ({ authorization: `Bearer ${token}` })

/** Log in as an account; throws unless it works. */
export async function login(app: App, username: string, password: string): Promise<string> {
  const res = await app.inject({ method: 'POST', url: '/api/v1/login', payload: { username, password } })
  if (res.statusCode !== 200) throw new Error(`login of ${username} failed: ${res.statusCode} ${res.body}`)
  return (res.json() as { token: string }).token
}

/** Create an account as `by` and log in as it; answers its bearer headers. */
export async function accountSession(
  app: App,
  by: { authorization: string },
  account: { username: string; role?: string; scope?: string | null; personalData?: boolean },
): Promise<{ authorization: string }> {
  const password = `${account.username}-password`
  const res = await app.inject({ method: 'POST', url: '/api/v1/accounts', headers: by, payload: { password, ...account } })
  if (res.statusCode !== 201) throw new Error(`creating ${account.username} failed: ${res.statusCode} ${res.body}`)
  return bearer(await login(app, account.username, password))
}
