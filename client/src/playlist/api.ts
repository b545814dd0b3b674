import type { PlaylistAnswer } from '../../../shared/api/playlists'

/** One playlist as the wall plays it, or why not (the wall then stays where its address says). */
export async function readPlaylist(token: string, id: string): Promise<{ ok: true; playlist: PlaylistAnswer; offset: number } | { ok: false; problem: string }> {
  const res = await fetch(`/api/v1/playlists/${encodeURIComponent(id)}`, { headers: { authorization: `Bearer ${token}` } }).catch(() => null)
  if (!res) return { ok: false, problem: '无法连接服务器' }
  if (res.status === 404) return { ok: false, problem: `轮播方案 ${id} 不存在或不在本账号范围内` }
  if (!res.ok) return { ok: false, problem: `轮播方案读取失败（${res.status}）` }
  const playlist = (await res.json()) as PlaylistAnswer
  // Schedules go by the server's clock: the wall keeps its offset from its own.
  return { ok: true, playlist, offset: Date.parse(playlist.now) - Date.now() }
}
