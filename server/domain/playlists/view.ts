import type { Playlist, PlaylistInput } from '../../../shared/api/playlists'
import { toShanghaiIso } from '../../../shared/time/shanghai'
import type { PlaylistRecord } from '../../store/playlists'

/** What the store keeps of a playlist beside its name and region: the document the API took. */
export const playlistBody = (p: PlaylistInput) => ({ items: p.items, schedule: p.schedule ?? null })

/** A stored playlist as the API answers it. */
export function playlistView(r: PlaylistRecord): Playlist {
  const body = r.body as ReturnType<typeof playlistBody>
  return {
    id: r.id,
    name: r.name,
    items: body.items,
    schedule: body.schedule ?? null,
    region: r.regionCode,
    createdBy: r.createdBy,
    createdAt: toShanghaiIso(r.createdAt),
    updatedBy: r.updatedBy,
    updatedAt: toShanghaiIso(r.updatedAt),
  }
}
