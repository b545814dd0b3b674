import path from 'node:path'
import Database from 'better-sqlite3'
import { describe, expect, it } from 'vitest'
import { secretHash } from '../../server/auth/secrets'
import { MIGRATIONS } from '../../server/store/sqlite/migrations'
import { SqliteStore } from '../../server/store/sqlite/sqliteStore'
import { tempDataDir } from '../helpers/app'

/** A database as the previous release left it (schema steps 1–2), upgraded by opening it. */
describe('upgrading a store of the previous release', () => {
  it('keeps its accounts, tokens, ingest keys and audit trail, and gives them ids, the disabled flag and regions', async () => {
    const dir = tempDataDir()
    const db = new Database(path.join(dir, 'yiping.sqlite'))
    for (const step of MIGRATIONS.slice(0, 2)) db.exec(step as string)
    db.pragma('user_version = 2')
    db.prepare(`INSERT INTO regions (code, name, level, parent, path) VALUES ('330111', '富阳区', 'district', NULL, '/330111/')`).run()
    db.prepare(`INSERT INTO accounts (id, username, password_hash, role, scope, personal_data) VALUES (1, 'admin', 'scrypt$x', 'admin', NULL, 1)`).run()
    db.prepare(`INSERT INTO tokens (token_hash, account_id, kind, scope, label, created_at, expires_at) VALUES (?, 1, 'kiosk', '330111', '大厅', 5, NULL)`).run(
      secretHash('kt_old'),
    )
    db.prepare(`INSERT INTO ingest_keys (key_hash, name, created_at) VALUES (?, 'env', 7)`).run(secretHash('old-ingest-key'))
    db.prepare(`INSERT INTO alarms (id, episode, kind, subject_id, region_code, region_path, title, status, raised_at)
      VALUES (3, 'e', 'case.red', 'C1', '330111', '/330111/', 't', 'raised', 9)`).run()
    db.prepare(`INSERT INTO audit (at, actor, action, target, note) VALUES (9, 'system', 'alarm.raised', 'alarm:3', NULL)`).run()
    db.close()

    const store = new SqliteStore(dir, { clock: Date.now, nodeId: 'test' })
    const token = (await store.access.liveToken({ tokenHash: secretHash('kt_old') }, 10))?.token
    expect(token).toMatchObject({ accountId: 1, kind: 'kiosk', scope: '330111', label: '大厅', lastSeenAt: null })
    expect(token?.id).toMatch(/^[0-9a-f]{24}$/)
    expect(await store.access.getAccount(1)).toMatchObject({ username: 'admin', disabled: false })
    expect(await store.access.findIngestKey(secretHash('old-ingest-key'))).toMatchObject({ name: 'env', scope: null, createdAt: 7 })
    const page = await store.duty.queryAudit({ regionPath: '/330111/', limit: 10 })
    expect(page.items).toMatchObject([{ action: 'alarm.raised', target: 'alarm:3', region: '330111' }])
    await store.close()
  })
})
