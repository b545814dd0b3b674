/**
 * A region's subtree as a half-open range of materialised paths (`/330000/330100/`): every path
 * that starts with the prefix sorts in [prefix, end) byte by byte, `end` being the prefix with its
 * last character's code incremented. Both stores keep paths in byte order (SQLite's BINARY, a
 * `COLLATE "C"` column in PostgreSQL), so the range is exact whatever the database's own collation
 * is, and an ordinary index serves it. Paths end in `/`, so `/…/33011/` never matches `/…/330111/`.
 */
export function subtreeRange(prefix: string): { lo: string; hi: string } {
  if (prefix.length === 0) throw new Error('empty region path')
  const last = prefix.charCodeAt(prefix.length - 1)
  return { lo: prefix, hi: prefix.slice(0, -1) + String.fromCharCode(last + 1) }
}
