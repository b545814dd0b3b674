import { subtreeRange } from '../common/subtree'
import { playlistOf, type PlaylistRow } from '../common/playlistRows'
import type { NewPlaylistRecord, PlaylistChange, PlaylistRecord, PlaylistStore } from '../playlists'
import type { Db } from './db'

export class PgPlaylistStore implements PlaylistStore {
  constructor(private readonly db: Db) {}

  async create(p: NewPlaylistRecord, regionPath: string): Promise<PlaylistRecord> {
    const { rows } = await this.db.query<{ id: number }>(
      `INSERT INTO playlists (name, region_code, region_path, body, created_by, created_at, updated_by, updated_at)
        VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id`,
      [p.name, p.regionCode, regionPath, JSON.stringify(p.body), p.createdBy, p.createdAt, p.updatedBy, p.updatedAt],
    )
    return { ...p, id: Number(rows[0]!.id) }
  }

  async get(id: number): Promise<PlaylistRecord | null> {
    const { rows } = await this.db.query<PlaylistRow>(`SELECT * FROM playlists WHERE id = $1`, [id])
    return rows[0] ? playlistOf(rows[0]) : null
  }

  async list(q: { regionPath: string; limit: number }): Promise<PlaylistRecord[]> {
    const { lo, hi } = subtreeRange(q.regionPath)
    const { rows } = await this.db.query<PlaylistRow>(
      `SELECT * FROM playlists WHERE region_path >= $1 AND region_path < $2 ORDER BY name COLLATE "C", id LIMIT $3`,
      [lo, hi, q.limit],
    )
    return rows.map(playlistOf)
  }

  async update(id: number, c: PlaylistChange, regionPath: string): Promise<PlaylistRecord | null> {
    const { rows } = await this.db.query<PlaylistRow>(
      `UPDATE playlists SET name = $1, region_code = $2, region_path = $3, body = $4, updated_by = $5, updated_at = $6 WHERE id = $7 RETURNING *`,
      [c.name, c.regionCode, regionPath, JSON.stringify(c.body), c.updatedBy, c.updatedAt, id],
    )
    return rows[0] ? playlistOf(rows[0]) : null
  }

  async delete(id: number): Promise<boolean> {
    const { rowCount } = await this.db.query(`DELETE FROM playlists WHERE id = $1`, [id])
    return (rowCount ?? 0) > 0
  }
}
