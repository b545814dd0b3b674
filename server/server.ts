import { buildApp } from './app'
import { configFromEnv } from './config'

/** Start-up only: read the environment, build the app, listen, print how to get in, close cleanly. */
async function main() {
  const config = configFromEnv()
  const app = await buildApp({ config })
  const closeOn = (signal: NodeJS.Signals) =>
    process.once(signal, () => {
      app.log.info({ signal }, 'shutting down: finishing requests, closing sockets and the store')
      app.close().then(
        () => process.exit(0),
        (err: unknown) => {
          app.log.error({ err }, 'shutdown failed')
          process.exit(1)
        },
      )
    })
  closeOn('SIGINT')
  closeOn('SIGTERM')

  await app.listen({ port: config.port, host: config.host })
  const address = app.server.address()
  const port = typeof address === 'object' && address ? address.port : config.port
  const host = config.host === '0.0.0.0' || config.host === '::' ? '127.0.0.1' : config.host
  const url = `http://${host}:${port}/`
  const lines = [
    '',
    `  一屏 Yiping is running: ${url}`,
    `  API docs:               ${url}docs`,
    `  log in as admin with:   ${app.auth.generated.adminPassword ?? '(the password in YIPING_ADMIN_PASSWORD, or the one printed at first start)'}`,
  ]
  if (app.auth.generated.ingestKey) lines.push(`  ingest key (shown once): ${app.auth.generated.ingestKey}`)
  lines.push('')
  process.stdout.write(`${lines.join('\n')}\n`)
}

main().catch((err: unknown) => {
  console.error(err)
  process.exit(1)
})
