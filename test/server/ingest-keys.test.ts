import { afterEach, describe, expect, it } from 'vitest'
import type { App } from '../../server/app'
import type { IngestKeyView } from '../../shared/api/tokens'
import { accountSession, adminToken, bearer, ingestHeaders, INGEST_KEY, testApp } from '../helpers/app'
import { reported, stage, T0 } from '../helpers/events'

let app: App | undefined
afterEach(async () => {
  await app?.close()
  app = undefined
})

const NOW = T0 + 24 * 3600_000
const start = async (opts: Parameters<typeof testApp>[0] = {}) => {
  const built = await testApp({ clock: () => NOW, ...opts })
  app = built.app
  return { root: bearer(await adminToken(app)), dataDir: built.dataDir }
}
const ingest = (headers: Record<string, string>, events: unknown[]) => app!.inject({ method: 'POST', url: '/api/v1/events', headers, payload: { events } })
const createKey = (headers: Record<string, string>, payload: object) => app!.inject({ method: 'POST', url: '/api/v1/ingest-keys', headers, payload })
const keys = async (headers: Record<string, string>) => ((await app!.inject({ url: '/api/v1/ingest-keys', headers })).json() as { items: IngestKeyView[] }).items

describe('ingest keys by API', () => {
  it('are created (the secret shown once), listed without it, recorded on every event they write, and revoked', async () => {
    const { root } = await start()
    const res = await createKey(root, { name: '12345热线' })
    expect(res.statusCode).toBe(201)
    const created = res.json() as IngestKeyView & { key: string }
    expect(created).toMatchObject({ name: '12345热线', scope: null, createdBy: 'admin', lastUsedAt: null })
    expect(created.key).toMatch(/^yk_/)

    const listed = await keys(root)
    expect(listed.map((k) => k.name).sort()).toEqual(['12345热线', 'env'])
    expect(JSON.stringify(listed)).not.toContain(created.key)

    expect((await ingest(bearer(created.key), [reported('K1', '330111001001')])).statusCode).toBe(200)
    expect((await ingest(ingestHeaders, [reported('K2', '330411001001')])).statusCode).toBe(200)
    const env = listed.find((k) => k.name === 'env')!
    const batches = await app!.store.readBatches(0, 10)
    expect(batches.map((b) => b.origin)).toEqual([
      { keyId: created.id, actor: null },
      { keyId: env.id, actor: null },
    ])
    expect((await keys(root)).find((k) => k.id === created.id)?.lastUsedAt).not.toBeNull()

    expect((await app!.inject({ method: 'DELETE', url: `/api/v1/ingest-keys/${created.id}`, headers: root })).statusCode).toBe(204)
    expect((await ingest(bearer(created.key), [reported('K3', '330111001001')])).statusCode).toBe(401)
    expect(await app!.store.getCase('K3')).toBeNull()
    expect((await app!.inject({ method: 'DELETE', url: `/api/v1/ingest-keys/${created.id}`, headers: root })).statusCode).toBe(404)
  })

  it('limited to a subtree, refuse a whole batch with any event outside it, writing nothing', async () => {
    const { root } = await start()
    await ingest(ingestHeaders, [reported('XZ1', '330411001001')])
    const { key } = (await createKey(root, { name: '富阳网格', scope: '330111' })).json() as { key: string }
    const seq = await app!.store.lastSeq()

    const mixed = await ingest(bearer(key), [reported('FY1', '330111001001'), reported('XZ2', '330411001001')])
    expect(mixed.statusCode).toBe(400)
    expect(mixed.json()).toMatchObject({ details: [{ index: 1, path: '/events/1/regionCode', message: expect.stringMatching(/outside this ingest key's scope 330111/) }] })
    const moving = await ingest(bearer(key), [stage('XZ1', 'assign')])
    expect(moving.statusCode).toBe(400)
    expect(moving.json()).toMatchObject({ details: [{ index: 0, path: '/events/0/caseId' }] })
    expect(await app!.store.lastSeq()).toBe(seq)
    expect(await app!.store.getCase('FY1')).toBeNull()

    expect((await ingest(bearer(key), [reported('FY1', '330111001001'), stage('FY1', 'assign')])).statusCode).toBe(200)
  })

  it('are kept inside a scoped administrator’s own scope', async () => {
    const { root } = await start()
    const xiuzhou = await accountSession(app!, root, { username: 'xz-admin', role: 'admin', scope: '330411' })
    expect((await createKey(xiuzhou, { name: 'all', scope: null })).statusCode).toBe(403)
    expect((await createKey(xiuzhou, { name: 'fy', scope: '330111' })).statusCode).toBe(403)
    const own = await createKey(xiuzhou, { name: '秀洲网格' })
    expect(own.json()).toMatchObject({ scope: '330411' })
    expect((await keys(xiuzhou)).map((k) => k.name)).toEqual(['秀洲网格'])
    const env = (await keys(root)).find((k) => k.name === 'env')!
    expect((await app!.inject({ method: 'DELETE', url: `/api/v1/ingest-keys/${env.id}`, headers: xiuzhou })).statusCode).toBe(404)
    const viewer = await accountSession(app!, root, { username: 'viewer' })
    expect((await createKey(viewer, { name: 'x' })).statusCode).toBe(403)
    expect((await createKey(root, { name: 'env' })).statusCode).toBe(400)
  })

  it('the key of YIPING_INGEST_KEY is named env and replaced when the variable changes: the old one stops working', async () => {
    const { dataDir } = await start()
    expect((await ingest(ingestHeaders, [reported('E1', '330111001001')])).statusCode).toBe(200)
    await app!.close()
    const next = 'another-ingest-key-9876543210'
    const { root } = await start({ dataDir, config: { ingestKey: next } })
    expect((await ingest(ingestHeaders, [reported('E2', '330111001001')])).statusCode).toBe(401)
    expect((await ingest(bearer(next), [reported('E2', '330111001001')])).statusCode).toBe(200)
    expect((await keys(root)).filter((k) => k.name === 'env')).toHaveLength(1)
    const [entry] = (await app!.store.duty.queryAudit({ action: 'ingestKey.revoked', limit: 5 })).items
    expect(entry).toMatchObject({ actor: 'system', note: 'YIPING_INGEST_KEY changed' })
    expect(INGEST_KEY).not.toBe(next)
  })
})
