import { shanghaiDay } from '../../../shared/time/shanghai'
import type { SnapshotMeta } from '../../store/replay'

/** Every snapshot is kept this long (the wall's time bar scrubs the last seven days). */
export const KEEP_ALL_MS = 8 * 86_400_000

/**
 * Which snapshots to drop: all are kept for the last eight days of commit time, then the first of
 * each Shanghai day, so that a replay of any instant of the year starts at most a day of the log
 * before it; the latest is always kept.
 */
export function snapshotsToDrop(metas: readonly SnapshotMeta[], now: number): number[] {
  const drop: number[] = []
  const days = new Set<number>()
  const ordered = [...metas].sort((a, b) => a.seq - b.seq)
  ordered.forEach((m, i) => {
    if (i === ordered.length - 1 || m.at >= now - KEEP_ALL_MS) return
    const day = shanghaiDay(m.at)
    if (days.has(day)) drop.push(m.seq)
    else days.add(day)
  })
  return drop
}
