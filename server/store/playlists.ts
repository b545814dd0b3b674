/**
 * Saved playlists of the wall (轮播方案). The items and schedule are kept as one JSON document; the
 * region column is the nearest region holding every item's, with its materialised path, so a scoped
 * reader lists the playlists of its subtree with the same range as everything else.
 */
export interface PlaylistRecord {
  id: number
  name: string
  regionCode: string
  /** `{ items, schedule }` as the API takes them; the store never looks inside. */
  body: unknown
  createdBy: string
  createdAt: number
  updatedBy: string
  updatedAt: number
}

export type NewPlaylistRecord = Omit<PlaylistRecord, 'id'>
export type PlaylistChange = Pick<PlaylistRecord, 'name' | 'regionCode' | 'body' | 'updatedBy' | 'updatedAt'>

export interface PlaylistStore {
  create(p: NewPlaylistRecord, regionPath: string): Promise<PlaylistRecord>
  get(id: number): Promise<PlaylistRecord | null>
  /** Playlists whose region lies in the subtree, by name then id. */
  list(q: { regionPath: string; limit: number }): Promise<PlaylistRecord[]>
  /** Null when there is no such playlist. */
  update(id: number, change: PlaylistChange, regionPath: string): Promise<PlaylistRecord | null>
  /** False when there was none. */
  delete(id: number): Promise<boolean>
}
