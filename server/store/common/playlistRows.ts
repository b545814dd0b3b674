import type { PlaylistRecord } from '../playlists'

export interface PlaylistRow {
  id: number
  name: string
  region_code: string
  body: string
  created_by: string
  created_at: number
  updated_by: string
  updated_at: number
}

/** A row of `playlists` as a record (the same columns in both stores; the body is JSON text in both). */
export const playlistOf = (r: PlaylistRow): PlaylistRecord => ({
  id: Number(r.id),
  name: r.name,
  regionCode: r.region_code,
  body: JSON.parse(r.body) as unknown,
  createdBy: r.created_by,
  createdAt: r.created_at,
  updatedBy: r.updated_by,
  updatedAt: r.updated_at,
})
