import type { MapStore, StoredMap, StoredMapMeta } from '../maps'
import type { Db } from './db'

interface MapRow {
  file: string
  body: string
  entry: string
  saved_at: string | number
  bytes: number
}

const metaOf = (r: Omit<MapRow, 'body'>): StoredMapMeta => ({ file: r.file, entry: JSON.parse(r.entry), savedAt: Number(r.saved_at), bytes: r.bytes })

/** Imported map files in PostgreSQL (see store/maps.ts): what one node imports, every node serves. */
export class PgMapStore implements MapStore {
  constructor(private readonly db: Db) {}

  async put(map: StoredMap, mode: 'replace' | 'keep' = 'replace'): Promise<boolean> {
    const onConflict =
      mode === 'replace'
        ? `ON CONFLICT (file) DO UPDATE SET body = excluded.body, entry = excluded.entry, saved_at = excluded.saved_at, bytes = excluded.bytes`
        : `ON CONFLICT (file) DO NOTHING`
    const res = await this.db.query(`INSERT INTO maps (file, body, entry, saved_at, bytes) VALUES ($1, $2, $3, $4, $5) ${onConflict}`, [
      map.file,
      map.body,
      JSON.stringify(map.entry),
      map.savedAt,
      Buffer.byteLength(map.body),
    ])
    return (res.rowCount ?? 0) > 0
  }

  async get(file: string): Promise<(StoredMap & { bytes: number }) | null> {
    const { rows } = await this.db.query<MapRow>(`SELECT file, body, entry, saved_at, bytes FROM maps WHERE file = $1`, [file])
    const r = rows[0]
    return r ? { ...metaOf(r), body: r.body } : null
  }

  async list(): Promise<StoredMapMeta[]> {
    const { rows } = await this.db.query<Omit<MapRow, 'body'>>(`SELECT file, entry, saved_at, bytes FROM maps ORDER BY file`)
    return rows.map(metaOf)
  }
}
