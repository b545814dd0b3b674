import { expect, it } from 'vitest'
import type { StoredMap } from '../../../server/store/maps'
import { T0 } from '../../helpers/events'
import type { StoreFixture } from './context'

/** What `get` answers for a map put: the map and its size in bytes. */
const stored = (m: StoredMap) => ({ ...m, bytes: Buffer.byteLength(m.body) })

const map = (file: string, body: string, savedAt: number, from = 'towns.geojson'): StoredMap => ({
  file,
  body,
  savedAt,
  entry: { file, level: 'district', code: file.slice(9, 15), name: '秀洲区', bytes: Buffer.byteLength(body), features: 7, schematic: false, imported: { from, at: new Date(savedAt).toISOString() } },
})

export function mapTests(fixture: () => StoreFixture) {
  it('keeps an imported map whole, by name, the latest import replacing the one before', async () => {
    const { store } = fixture()
    expect(await store.maps.get('district-330411.json')).toBeNull()
    expect(await store.maps.list()).toEqual([])
    // Multi-byte text: the body comes back byte for byte, and `bytes` counts bytes, not characters.
    const first = map('district-330411.json', '{"type":"FeatureCollection","name":"秀洲区","features":[\n]}\n', T0)
    expect(await store.maps.put(first)).toBe(true)
    expect(await store.maps.get(first.file)).toEqual(stored(first))
    const second = map('district-330411.json', '{"type":"FeatureCollection","name":"秀洲区 official","features":[]}\n', T0 + 5, 'v2.geojson')
    expect(await store.maps.put(second)).toBe(true)
    expect(await store.maps.get(first.file)).toEqual(stored(second))
    expect(await store.maps.list()).toEqual([{ file: second.file, entry: second.entry, savedAt: T0 + 5, bytes: Buffer.byteLength(second.body) }])
  })

  it("'keep' writes only a map that is not there yet (adopting an older install's files)", async () => {
    const { store } = fixture()
    const imported = map('district-330411.json', '{"imported":true}', T0 + 10)
    await store.maps.put(imported)
    expect(await store.maps.put(map('district-330411.json', '{"older":true}', T0), 'keep')).toBe(false)
    expect(await store.maps.get(imported.file)).toEqual(stored(imported))
    const other = map('district-330111.json', '{"older":true}', T0)
    expect(await store.maps.put(other, 'keep')).toBe(true)
    expect((await store.maps.list()).map((m) => m.file)).toEqual(['district-330111.json', 'district-330411.json'])
  })

  it('a map put through one handle is read through another, and after a restart', async () => {
    const f = fixture()
    const m = map('district-330411.json', '{"a":1}', T0)
    await f.store.maps.put(m)
    const other = await f.another('node-b')
    expect(await other.maps.get(m.file)).toEqual(stored(m))
    const reopened = await f.reopen()
    expect(await reopened.maps.get(m.file)).toEqual(stored(m))
  })
}
