import { expect, it } from 'vitest'
import { T0 } from '../../helpers/events'
import { pathOf, type StoreFixture } from './context'

const body = (region: string) => ({ items: [{ region, page: 'overview', dwell: 30 }], schedule: { from: '08:00', to: '20:00' } })
const playlist = (name: string, regionCode: string) => ({
  name,
  regionCode,
  body: body(regionCode),
  createdBy: 'desk',
  createdAt: T0,
  updatedBy: 'desk',
  updatedAt: T0,
})

export function playlistTests(fixture: () => StoreFixture) {
  it('keeps playlists with their document, lists them by subtree and name, changes and deletes them', async () => {
    const { store } = fixture()
    const a = await store.playlists.create(playlist('乙 富阳', '330111'), pathOf('330111'))
    const b = await store.playlists.create(playlist('甲 春江', '330111001'), pathOf('330111001'))
    const c = await store.playlists.create(playlist('相邻', '3301110011'), pathOf('3301110011'))
    expect(a).toMatchObject({ id: expect.any(Number), name: '乙 富阳', body: body('330111') })
    expect(await store.playlists.get(a.id)).toEqual(a)
    expect(await store.playlists.get(a.id + 1000)).toBeNull()
    const names = async (code: string) => (await store.playlists.list({ regionPath: pathOf(code), limit: 10 })).map((p) => p.name)
    expect(await names('330000')).toEqual([...['乙 富阳', '甲 春江', '相邻']].sort())
    // A path boundary: 330111001's subtree holds neither its parent's playlist nor 3301110011's.
    expect(await names('330111001')).toEqual(['甲 春江'])
    expect(await names('330411')).toEqual([])
    expect(await store.playlists.list({ regionPath: pathOf('330000'), limit: 1 })).toHaveLength(1)

    const changed = await store.playlists.update(b.id, { name: '春江夜班', regionCode: '330411', body: body('330411'), updatedBy: 'other', updatedAt: T0 + 5 }, pathOf('330411'))
    expect(changed).toEqual({ ...b, name: '春江夜班', regionCode: '330411', body: body('330411'), updatedBy: 'other', updatedAt: T0 + 5 })
    expect(await names('330411')).toEqual(['春江夜班'])
    expect(await names('330111001')).toEqual([])
    expect(await store.playlists.update(9999, { name: 'x', regionCode: '330411', body: {}, updatedBy: 'x', updatedAt: T0 }, pathOf('330411'))).toBeNull()

    expect(await store.playlists.delete(c.id)).toBe(true)
    expect(await store.playlists.delete(c.id)).toBe(false)
    expect(await store.playlists.get(c.id)).toBeNull()
  })

  it('keeps playlists across a reopen', async () => {
    const f = fixture()
    const a = await f.store.playlists.create(playlist('大厅', '330111'), pathOf('330111'))
    const again = await f.reopen()
    expect(await again.playlists.get(a.id)).toEqual(a)
  })
}
