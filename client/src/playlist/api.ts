import type { PlaylistAnswer } from '../../../shared/api/playlists'

export type PlaylistRead =
  | { ok: true; playlist: PlaylistAnswer; offset: number; version: string | null }
  | { ok: true; unchanged: true }
  | { ok: false; problem: string }

/**
 * One playlist as the wall plays it, or why not (the wall then stays where its address says).
 * With the `version` (ETag) of the copy the wall holds, the server answers 304 while the
 * playlist is unchanged: the wall reads it whole once, then only asks whether it changed.
 */
export async function readPlaylist(token: string, id: string, version: string | null = null): Promise<PlaylistRead> {
  const headers: Record<string, string> = { authorization: `Bearer ${token}` }
  if (version) headers['if-none-match'] = version
  const res = await fetch(`/api/v1/playlists/${encodeURIComponent(id)}`, { headers }).catch(() => null)
  if (!res) return { ok: false, problem: '无法连接服务器' }
  if (res.status === 304) return { ok: true, unchanged: true }
  if (res.status === 404) return { ok: false, problem: `轮播方案 ${id} 不存在或不在本账号范围内` }
  if (!res.ok) return { ok: false, problem: `轮播方案读取失败（${res.status}）` }
  const playlist = (await res.json()) as PlaylistAnswer
  // Schedules go by the server's clock: the wall keeps its offset from its own.
  return { ok: true, playlist, offset: Date.parse(playlist.now) - Date.now(), version: res.headers.get('etag') }
}
