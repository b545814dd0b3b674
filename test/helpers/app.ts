import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { buildApp, type App, type AppOptions } from '../../server/app'
import { configFromEnv, type Config } from '../../server/config'
import { openStore } from '../../server/store/open'
import { RegionTree, regionPath, type Region } from '../../shared/regions/tree'
import { createTestDatabase, type TestDatabase } from './postgres'
import { TEST_REGIONS } from './regions'

export const ADMIN_PASSWORD = 'test-admin-password'
export const INGEST_KEY = 'test-ingest-key-0123456789'

export type StoreKind = 'sqlite' | 'postgres'
/**
 * Which store the app tests run on: SQLite unless YIPING_TEST_STORE=postgres, which runs any of
 * them (`YIPING_TEST_STORE=postgres npx vitest run test/server`) on a PostgreSQL database per data
 * directory, created from `test` and dropped when the run ends (test/helpers/global-setup.ts).
 */
export const DEFAULT_STORE: StoreKind = process.env.YIPING_TEST_STORE === 'postgres' ? 'postgres' : 'sqlite'

/** The PostgreSQL database standing in for a data directory, when its test runs on PostgreSQL. */
const databases = new Map<string, TestDatabase>()

export function tempDataDir(): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), 'yiping-test-'))
}

/** The store settings of a data directory: its own PostgreSQL database if seeded on one. */
export function storeOf(dataDir: string): { dataDir: string; databaseUrl: string | null } {
  return { dataDir, databaseUrl: databases.get(dataDir)?.url ?? null }
}

/** The same as environment variables, for a server started as a process. */
export const storeEnv = (dataDir: string): Record<string, string> => {
  const url = databases.get(dataDir)?.url
  return { YIPING_DATA_DIR: dataDir, ...(url ? { YIPING_DATABASE_URL: url } : {}) }
}

/** A store holding the test region tree (or another), as an operator's import would leave it. */
export async function seedRegions(dataDir: string, regions: readonly Region[] = TEST_REGIONS, kind: StoreKind = DEFAULT_STORE): Promise<void> {
  if (kind === 'postgres' && !databases.has(dataDir)) databases.set(dataDir, await createTestDatabase(`yiping_t_${process.env.YIPING_TEST_RUN ?? 'x'}_app`))
  const store = await openStore(storeOf(dataDir), { clock: Date.now, nodeId: 'test-seed' })
  const tree = new RegionTree(regions)
  await store.putRegions(tree.list(), (code) => regionPath(tree, code))
  await store.close()
}

export function testConfig(dataDir: string, over: Partial<Config> = {}): Config {
  return {
    ...configFromEnv({}),
    ...storeOf(dataDir),
    demo: false,
    simRate: 0,
    adminPassword: ADMIN_PASSWORD,
    ingestKey: INGEST_KEY,
    logLevel: 'silent',
    pushWindowMs: 50,
    ...over,
  }
}

/**
 * A real app on a real store (a SQLite file in a fresh temp directory, or a PostgreSQL database of
 * its own); no port unless listen() is called. Pass the dataDir of an earlier app to restart it.
 */
export async function testApp(
  opts: { dataDir?: string; clock?: () => number; config?: Partial<Config>; regions?: readonly Region[]; logger?: AppOptions['logger']; store?: StoreKind } = {},
): Promise<{ app: App; dataDir: string }> {
  const dataDir = opts.dataDir ?? tempDataDir()
  if (!opts.dataDir) await seedRegions(dataDir, opts.regions, opts.store)
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
