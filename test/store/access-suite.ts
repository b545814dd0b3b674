import { describe, expect, it } from 'vitest'
import type { TokenRecord } from '../../server/auth/types'
import { CursorError } from '../../server/store/cursor'
import type { Store } from '../../server/store/types'

const token = (over: Partial<TokenRecord> & Pick<TokenRecord, 'id' | 'accountId'>): TokenRecord => ({
  tokenHash: `hash-${over.id}`,
  kind: 'session',
  scope: null,
  label: null,
  createdAt: 1000,
  expiresAt: null,
  lastSeenAt: null,
  ...over,
})

/**
 * The behaviour of a store's accounts, tokens, ingest keys, failed logins and audit queries, written
 * once for every implementation: `open` gives a fresh, empty store.
 */
export function accessStoreSuite(kind: string, open: () => Promise<Store>) {
  const withStore = (fn: (s: Store) => Promise<void>) => async () => {
    const s = await open()
    try {
      await fn(s)
    } finally {
      await s.close()
    }
  }

  describe(`${kind} store: accounts, tokens, keys, failed logins, audit`, () => {
    it(
      'creates, finds, lists and changes accounts',
      withStore(async (s) => {
        const a = await s.access.createAccount({ username: 'fy', passwordHash: 'h1', role: 'dispatcher', scope: '330111', personalData: true })
        expect(a).toEqual({ id: expect.any(Number), username: 'fy', role: 'dispatcher', scope: '330111', personalData: true, disabled: false })
        expect(await s.access.findAccount('fy')).toEqual({ ...a, passwordHash: 'h1' })
        expect(await s.access.getAccount(a.id)).toEqual(a)
        await s.access.createAccount({ username: 'all', passwordHash: 'h2', role: 'admin', scope: null, personalData: false })
        expect((await s.access.listAccounts()).map((x) => x.username)).toEqual(['all', 'fy'])
        expect(await s.access.updateAccount(a.id, { disabled: true, scope: null, passwordHash: 'h3' })).toEqual({ ...a, disabled: true, scope: null })
        expect((await s.access.findAccount('fy'))?.passwordHash).toBe('h3')
        expect(await s.access.updateAccount(9999, { disabled: true })).toBeNull()
        expect(await s.access.findAccount('nobody')).toBeNull()
      }),
    )

    it(
      'keeps tokens with a life: live until they expire, listed with their account, counted, touched and deleted',
      withStore(async (s) => {
        const a = await s.access.createAccount({ username: 'a', passwordHash: 'h', role: 'admin', scope: '330111', personalData: false })
        const b = await s.access.createAccount({ username: 'b', passwordHash: 'h', role: 'viewer', scope: null, personalData: false })
        await s.access.saveToken(token({ id: 't1', accountId: a.id, createdAt: 1000, expiresAt: 5000 }))
        await s.access.saveToken(token({ id: 't2', accountId: a.id, kind: 'kiosk', scope: '330111001', label: '大厅', createdAt: 2000 }))
        await s.access.saveToken(token({ id: 't3', accountId: a.id, kind: 'kiosk', createdAt: 3000 }))
        await s.access.saveToken(token({ id: 't4', accountId: b.id, createdAt: 4000, expiresAt: 9000 }))

        expect((await s.access.liveToken({ tokenHash: 'hash-t1' }, 4999))?.token).toMatchObject({ id: 't1', accountId: a.id, expiresAt: 5000 })
        expect(await s.access.liveToken({ tokenHash: 'hash-t1' }, 5000)).toBeNull()
        expect((await s.access.liveToken({ id: 't2' }, 10_000))?.token).toMatchObject({ kind: 'kiosk', scope: '330111001', label: '大厅', expiresAt: null })
        expect(await s.access.liveToken({ id: 't1' }, 5000)).toBeNull()

        const listed = await s.access.listTokens({ now: 4500 })
        expect(listed.map((t) => t.id)).toEqual(['t4', 't3', 't2', 't1'])
        expect(listed[0]).toMatchObject({ username: 'b', accountScope: null })
        expect((await s.access.listTokens({ now: 6000, accountId: a.id })).map((t) => t.id)).toEqual(['t3', 't2'])
        expect((await s.access.listTokens({ now: 6000, id: 't2' }))[0]).toMatchObject({ id: 't2', username: 'a', accountScope: '330111' })

        expect(await s.access.countTokens({ accountId: a.id, kind: 'kiosk', now: 6000 })).toBe(2)
        expect(await s.access.countTokens({ accountId: a.id, kind: 'kiosk', now: 6000, createdAfter: 2000 })).toBe(1)
        expect(await s.access.countTokens({ accountId: a.id, kind: 'session', now: 6000 })).toBe(0)

        await s.access.touchToken('t2', 7777)
        expect((await s.access.liveToken({ id: 't2' }, 8000))?.token.lastSeenAt).toBe(7777)

        expect(await s.access.deleteToken('t3')).toBe(true)
        expect(await s.access.deleteToken('t3')).toBe(false)
        await s.access.saveToken(token({ id: 't5', accountId: a.id, createdAt: 5000 }))
        expect((await s.access.deleteTokensOf(a.id, { kind: 'session', exceptId: 't5' })).sort()).toEqual(['t1'])
        expect((await s.access.deleteTokensOf(a.id)).sort()).toEqual(['t2', 't5'])
        expect(await s.access.deleteExpiredTokens(9000)).toBe(1)
        expect(await s.access.listTokens({ now: 0 })).toEqual([])
      }),
    )

    it(
      'reads a live token with its account as it is now in one query, by hash or id: the token’s scope and the account’s apart',
      withStore(async (s) => {
        const a = await s.access.createAccount({ username: 'desk', passwordHash: 'h', role: 'dispatcher', scope: '330111', personalData: true })
        await s.access.saveToken(token({ id: 'k1', accountId: a.id, kind: 'kiosk', scope: '330111001', label: '大厅', createdAt: 1000, expiresAt: 5000, lastSeenAt: 1500 }))
        const both = { token: { id: 'k1', tokenHash: 'hash-k1', accountId: a.id, kind: 'kiosk', scope: '330111001', label: '大厅', createdAt: 1000, expiresAt: 5000, lastSeenAt: 1500 }, account: a }
        expect(await s.access.liveToken({ tokenHash: 'hash-k1' }, 2000)).toEqual(both)
        expect(await s.access.liveToken({ id: 'k1' }, 2000)).toEqual(both)
        // The account as it is now: disabled, rescoped (the principal's rules are the sessions', not the store's).
        const changed = await s.access.updateAccount(a.id, { disabled: true, scope: null, role: 'viewer', personalData: false })
        expect(await s.access.liveToken({ tokenHash: 'hash-k1' }, 2000)).toEqual({ ...both, account: changed })
        // Expired, unknown, deleted: nothing.
        expect(await s.access.liveToken({ tokenHash: 'hash-k1' }, 5000)).toBeNull()
        expect(await s.access.liveToken({ id: 'hash-k1' }, 2000)).toBeNull()
        expect(await s.access.liveToken({ tokenHash: 'k1' }, 2000)).toBeNull()
        await s.access.deleteToken('k1')
        expect(await s.access.liveToken({ id: 'k1' }, 2000)).toBeNull()
      }),
    )

    it(
      'keeps ingest keys: found by hash, listed, touched, replaced by name, deleted',
      withStore(async (s) => {
        const key = { keyHash: 'kh1', name: 'env', scope: null, createdAt: 10, createdBy: null, lastUsedAt: null }
        await s.access.saveIngestKey({ id: 'k1', ...key })
        await s.access.saveIngestKey({ id: 'k2', ...key, keyHash: 'kh2', createdAt: 20 })
        await s.access.saveIngestKey({ id: 'k3', ...key, keyHash: 'kh3', name: '12345', scope: '330111', createdBy: 'admin', createdAt: 30 })
        expect(await s.access.findIngestKey('kh3')).toEqual({ id: 'k3', ...key, keyHash: 'kh3', name: '12345', scope: '330111', createdBy: 'admin', createdAt: 30 })
        expect(await s.access.findIngestKey('nope')).toBeNull()
        expect((await s.access.listIngestKeys()).map((k) => k.id)).toEqual(['k3', 'k2', 'k1'])
        await s.access.touchIngestKey('k3', 99)
        expect((await s.access.findIngestKey('kh3'))?.lastUsedAt).toBe(99)
        expect(await s.access.deleteIngestKeysNamed('env', 'kh2')).toEqual(['k1'])
        expect(await s.access.deleteIngestKey('k2')).toBe(true)
        expect(await s.access.deleteIngestKey('k2')).toBe(false)
        expect((await s.access.listIngestKeys()).map((k) => k.id)).toEqual(['k3'])
      }),
    )

    it(
      'keeps failed logins per username, oldest first, cleared and pruned',
      withStore(async (s) => {
        for (const at of [30, 10, 20]) await s.access.recordLoginFailure('admin', at)
        await s.access.recordLoginFailure('other', 15)
        expect(await s.access.loginFailures('admin', 15)).toEqual([20, 30])
        await s.access.pruneLoginFailures(16)
        expect(await s.access.loginFailures('other', 0)).toEqual([])
        expect(await s.access.loginFailures('admin', 0)).toEqual([20, 30])
        await s.access.clearLoginFailures('admin')
        expect(await s.access.loginFailures('admin', 0)).toEqual([])
      }),
    )

    it(
      'queries the audit trail: newest first, by time, actor, action or its family, subtree, paged',
      withStore(async (s) => {
        const add = (at: number, actor: string, action: string, region: string | null, path: string | null) =>
          s.duty.appendAudit({ at, actor, action, target: `t${at}`, note: null, region }, path)
        await add(1, 'admin', 'login', null, null)
        await add(2, 'fy', 'login.failed', '330111', '/330000/330100/330111/')
        await add(3, 'fy', 'case.reporter.unmasked', '330111001001', '/330000/330100/330111/330111001/330111001001/')
        await add(4, 'xz', 'alarm.acknowledged', '330411', '/330000/330400/330411/')
        await add(5, 'admin', 'login_x', null, null)

        const page = (q: Partial<Parameters<Store['duty']['queryAudit']>[0]>) => s.duty.queryAudit({ limit: 10, ...q })
        expect((await page({})).items.map((e) => e.at)).toEqual([5, 4, 3, 2, 1])
        expect((await page({ from: 2, to: 4 })).items.map((e) => e.at)).toEqual([3, 2])
        expect((await page({ actor: 'fy' })).items.map((e) => e.action)).toEqual(['case.reporter.unmasked', 'login.failed'])
        // A family is the action or its dotted children: `login` is not `login_x`.
        expect((await page({ action: 'login' })).items.map((e) => e.at)).toEqual([2, 1])
        expect((await page({ action: 'login_' })).items).toEqual([])
        const fuyang = await page({ regionPath: '/330000/330100/330111/' })
        expect(fuyang.items.map((e) => [e.at, e.region])).toEqual([
          [3, '330111001001'],
          [2, '330111'],
        ])

        const first = await page({ limit: 2 })
        expect(first.items.map((e) => e.at)).toEqual([5, 4])
        const second = await page({ limit: 2, cursor: first.nextCursor! })
        expect(second.items.map((e) => e.at)).toEqual([3, 2])
        const third = await page({ limit: 2, cursor: second.nextCursor! })
        expect(third).toMatchObject({ items: [{ at: 1 }], nextCursor: null })
        await expect(page({ cursor: 'x' })).rejects.toBeInstanceOf(CursorError)

        expect(await s.duty.countAudit({ actor: 'fy', action: 'case.reporter.unmasked', since: 3 })).toBe(1)
        expect(await s.duty.countAudit({ actor: 'fy', action: 'case.reporter.unmasked', since: 4 })).toBe(0)
      }),
    )
  })
}
