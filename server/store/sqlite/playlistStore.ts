import type Database from 'better-sqlite3'
import { subtreeRange } from '../common/subtree'
import { playlistOf, type PlaylistRow } from '../common/playlistRows'
import type { NewPlaylistRecord, PlaylistChange, PlaylistRecord, PlaylistStore } from '../playlists'

export class SqlitePlaylistStore implements PlaylistStore {
  constructor(private readonly db: Database.Database) {}

  async create(p: NewPlaylistRecord, regionPath: string): Promise<PlaylistRecord> {
    const info = this.db
      .prepare(`INSERT INTO playlists (name, region_code, region_path, body, created_by, created_at, updated_by, updated_at)
        VALUES (?, ?, ?, ?, ?, ?, ?, ?)`)
      .run(p.name, p.regionCode, regionPath, JSON.stringify(p.body), p.createdBy, p.createdAt, p.updatedBy, p.updatedAt)
    return { ...p, id: Number(info.lastInsertRowid) }
  }

  async get(id: number): Promise<PlaylistRecord | null> {
    const r = this.db.prepare(`SELECT * FROM playlists WHERE id = ?`).get(id) as PlaylistRow | undefined
    return r ? playlistOf(r) : null
  }

  async list(q: { regionPath: string; limit: number }): Promise<PlaylistRecord[]> {
    const rows = this.db
      .prepare(`SELECT * FROM playlists WHERE region_path >= @lo AND region_path < @hi ORDER BY name, id LIMIT @limit`)
      .all({ ...subtreeRange(q.regionPath), limit: q.limit }) as PlaylistRow[]
    return rows.map(playlistOf)
  }

  async update(id: number, c: PlaylistChange, regionPath: string): Promise<PlaylistRecord | null> {
    const info = this.db
      .prepare(`UPDATE playlists SET name = ?, region_code = ?, region_path = ?, body = ?, updated_by = ?, updated_at = ? WHERE id = ?`)
      .run(c.name, c.regionCode, regionPath, JSON.stringify(c.body), c.updatedBy, c.updatedAt, id)
    return info.changes === 0 ? null : this.get(id)
  }

  async delete(id: number): Promise<boolean> {
    return this.db.prepare(`DELETE FROM playlists WHERE id = ?`).run(id).changes > 0
  }
}
