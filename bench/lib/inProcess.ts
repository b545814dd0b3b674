import { buildApp, type AppOptions } from '../../server/app'
import { configFromEnv, type Config } from '../../server/config'

/**
 * The admin's password and the ingest key of an app the bench builds in process: one pair for
 * every script, so that a store filled by one (`asof-cold.ts --fill`) is logged into and fed by
 * the others (`restart-drain.ts`, `restart-inproc.ts`, `read-alloc.ts`).
 */
export const BENCH_ADMIN_PASSWORD = 'bench-asof-admin-password'
export const BENCH_INGEST_KEY = 'bench-asof-ingest-key-0123456789abcdef'

/** Headers of an ingest request with the bench's key. */
export const benchIngestHeaders = { authorization: `Bearer ${BENCH_INGEST_KEY}`, 'content-type': 'application/json' }

/**
 * The app on `dataDir` as the in-process scripts measure it: the store on SQLite, the demo region
 * tree without the demo dataset or the simulator, ingest not rate-limited, logs off unless
 * `logger` says otherwise; `config` overrides any of it (`snapshotEvery`, say).
 */
export function buildBenchApp(dataDir: string, config: Partial<Config> = {}, logger: AppOptions['logger'] = false) {
  return buildApp({
    config: {
      ...configFromEnv({}),
      dataDir,
      databaseUrl: null,
      demo: true,
      demoScale: 0,
      simRate: 0,
      adminPassword: BENCH_ADMIN_PASSWORD,
      ingestKey: BENCH_INGEST_KEY,
      ingestRateLimit: 100_000_000,
      logLevel: 'silent',
      ...config,
    },
    logger,
  })
}
