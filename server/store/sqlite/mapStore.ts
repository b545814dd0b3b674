import type Database from 'better-sqlite3'
import type { MapStore, StoredMap, StoredMapMeta } from '../maps'

interface MapRow {
  file: string
  body: string
  entry: string
  saved_at: number
  bytes: number
}

const metaOf = (r: Omit<MapRow, 'body'>): StoredMapMeta => ({ file: r.file, entry: JSON.parse(r.entry), savedAt: r.saved_at, bytes: r.bytes })

/** Imported map files in SQLite (see store/maps.ts). */
export class SqliteMapStore implements MapStore {
  private readonly s

  constructor(db: Database.Database) {
    const columns = `(file, body, entry, saved_at, bytes) VALUES (@file, @body, @entry, @savedAt, @bytes)`
    this.s = {
      replace: db.prepare(`INSERT OR REPLACE INTO maps ${columns}`),
      keep: db.prepare(`INSERT OR IGNORE INTO maps ${columns}`),
      get: db.prepare<[string], MapRow>(`SELECT file, body, entry, saved_at, bytes FROM maps WHERE file = ?`),
      list: db.prepare<[], Omit<MapRow, 'body'>>(`SELECT file, entry, saved_at, bytes FROM maps ORDER BY file`),
    }
  }

  async put(map: StoredMap, mode: 'replace' | 'keep' = 'replace'): Promise<boolean> {
    const row = { file: map.file, body: map.body, entry: JSON.stringify(map.entry), savedAt: map.savedAt, bytes: Buffer.byteLength(map.body) }
    return this.s[mode].run(row).changes > 0
  }

  async get(file: string): Promise<(StoredMap & { bytes: number }) | null> {
    const r = this.s.get.get(file)
    return r ? { ...metaOf(r), body: r.body } : null
  }

  async list(): Promise<StoredMapMeta[]> {
    return this.s.list.all().map(metaOf)
  }
}
