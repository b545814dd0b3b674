import type { ActivitySlot, ChildFigures, DailySlot, GrandchildFigures, RegionDetail } from '../summary/detail'

/** A series from slot `from` on: the slots before it are kept, those from it on are these. */
export interface SeriesPatch<T> {
  from: number
  slots: T[]
}

const SCALARS = ['region', 'period', 'rankBy', 'order', 'comparePeriods'] as const
type Scalars = Partial<Pick<RegionDetail, (typeof SCALARS)[number]>>

/**
 * A view's panel figures as what changed since a detail the screen holds: set, never added, so
 * applying it to any of the details it was built from gives the same result. `since` is the
 * oldest of those details' seq, `seq` the new detail's; the other fields are there only when they
 * changed: the children whose figures changed (by code, in place), a series from its first changed
 * slot, the categories whole.
 */
export interface DetailPatch extends Scalars {
  since: number
  seq: number
  children?: ChildFigures[]
  /** The grandchildren whose figures changed (only when the detail ranks them, the same ones in the same order). */
  grandchildren?: GrandchildFigures[]
  hourly?: SeriesPatch<ActivitySlot>
  daily?: SeriesPatch<DailySlot>
  byCategory?: RegionDetail['byCategory']
}

/** Deep equality of JSON values (what details are made of). */
export function sameJson(a: unknown, b: unknown): boolean {
  if (a === b) return true
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false
  if (Array.isArray(a) !== Array.isArray(b)) return false
  if (Array.isArray(a)) {
    const bb = b as unknown[]
    return a.length === bb.length && a.every((x, i) => sameJson(x, bb[i]))
  }
  const ka = Object.keys(a).filter((k) => (a as Record<string, unknown>)[k] !== undefined)
  const kb = Object.keys(b).filter((k) => (b as Record<string, unknown>)[k] !== undefined)
  return ka.length === kb.length && ka.every((k) => sameJson((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k]))
}

/** The first slot at which `a` and `b` differ (a slot one of them lacks included), or -1 when equal. */
function firstDifference<T>(a: readonly T[], b: readonly T[]): number {
  const n = Math.max(a.length, b.length)
  for (let i = 0; i < n; i++) if (i >= a.length || i >= b.length || !sameJson(a[i], b[i])) return i
  return -1
}

function seriesPatch<T>(bases: readonly (readonly T[])[], next: readonly T[]): SeriesPatch<T> | undefined {
  let from = -1
  for (const b of bases) {
    const d = firstDifference(b, next)
    if (d >= 0 && (from < 0 || d < from)) from = d
  }
  return from < 0 ? undefined : { from, slots: next.slice(from) }
}

/**
 * What turns each of `bases` into `next`, or null when a patch cannot say it: no base, or the
 * children (or grandchildren, or whether there are any) are not the same regions in the same
 * order (a new ranking order is sent whole). Every
 * detail a screen of the view may hold must be among `bases` (the last one pushed and every
 * snapshot handed out since): a figure that moved between two of them and back is in the patch
 * only because a base that had it moved is there.
 */
export function buildDetailPatch(bases: readonly RegionDetail[], next: RegionDetail): DetailPatch | null {
  if (bases.length === 0) return null
  const sameRows = (a: readonly { code: string }[] | undefined, b: readonly { code: string }[] | undefined) =>
    a === undefined || b === undefined ? a === b : a.length === b.length && a.every((c, i) => c.code === b[i]!.code)
  if (bases.some((b) => !sameRows(b.children, next.children) || !sameRows(b.grandchildren, next.grandchildren))) return null
  const patch: DetailPatch = { since: Math.min(...bases.map((b) => b.seq)), seq: next.seq }
  for (const key of SCALARS) if (bases.some((b) => !sameJson(b[key], next[key]))) Object.assign(patch, { [key]: next[key] })
  const children = next.children.filter((c, i) => bases.some((b) => !sameJson(b.children[i], c)))
  if (children.length > 0) patch.children = children
  const grandchildren = next.grandchildren?.filter((c, i) => bases.some((b) => !sameJson(b.grandchildren![i], c)))
  if (grandchildren && grandchildren.length > 0) patch.grandchildren = grandchildren
  const hourly = seriesPatch(
    bases.map((b) => b.hourly),
    next.hourly,
  )
  if (hourly) patch.hourly = hourly
  const daily = seriesPatch(
    bases.map((b) => b.daily),
    next.daily,
  )
  if (daily) patch.daily = daily
  if (bases.some((b) => !sameJson(b.byCategory, next.byCategory))) patch.byCategory = next.byCategory
  return patch
}

/**
 * `base` with `patch` applied, or null when the patch does not fit it (a child it names is not
 * there, a series would have a gap): the screen then asks for the whole state again.
 */
export function applyDetailPatch(base: RegionDetail, patch: DetailPatch): RegionDetail | null {
  const next: RegionDetail = { ...base, seq: patch.seq }
  for (const key of SCALARS) if (patch[key] !== undefined) Object.assign(next, { [key]: patch[key] })
  if (patch.children) {
    const byCode = new Map(patch.children.map((c) => [c.code, c]))
    next.children = base.children.map((c) => byCode.get(c.code) ?? c)
    if (next.children.filter((c) => byCode.has(c.code)).length !== byCode.size) return null
  }
  if (patch.grandchildren) {
    if (!base.grandchildren) return null
    const byCode = new Map(patch.grandchildren.map((c) => [c.code, c]))
    next.grandchildren = base.grandchildren.map((c) => byCode.get(c.code) ?? c)
    if (next.grandchildren.filter((c) => byCode.has(c.code)).length !== byCode.size) return null
  }
  for (const key of ['hourly', 'daily'] as const) {
    const s = patch[key]
    if (!s) continue
    if (s.from > base[key].length) return null
    next[key] = [...base[key].slice(0, s.from), ...s.slots] as never
  }
  if (patch.byCategory) next.byCategory = patch.byCategory
  return next
}

/**
 * The detail a screen holds of a view after one of its `summary` frames arrives, from the one it
 * held (the last frame's or the subscribe answer's): the frame's whole detail, or its patch applied.
 * `stale`: the frame is older than what is held (keep it); `resync`: nothing held, or older than
 * the patch's `since` (a frame was missed), or the patch does not fit: subscribe again for the
 * whole state rather than guess.
 */
export function receiveDetail(
  held: RegionDetail | null,
  frame: { detail?: RegionDetail | undefined; detailPatch?: DetailPatch | undefined },
): RegionDetail | 'stale' | 'resync' {
  if (frame.detail) return held && frame.detail.seq < held.seq ? 'stale' : frame.detail
  const patch = frame.detailPatch
  if (!patch || !held || held.seq < patch.since) return 'resync'
  if (held.seq > patch.seq) return 'stale'
  return applyDetailPatch(held, patch) ?? 'resync'
}

/**
 * A patch is sent only when its JSON is under this share of the whole detail's: a whole frame
 * stands on its own (a new period, a new day move nearly everything anyway).
 */
const PATCH_AT_MOST = 0.75

/** The frame's panel figures: a patch when there is a base and it is clearly smaller, else the detail whole. */
export function detailFrame(bases: readonly RegionDetail[], next: RegionDetail): { detail: RegionDetail } | { detailPatch: DetailPatch } {
  const patch = buildDetailPatch(bases, next)
  return patch && JSON.stringify(patch).length < PATCH_AT_MOST * JSON.stringify(next).length ? { detailPatch: patch } : { detail: next }
}
