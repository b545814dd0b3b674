import { detailFrame, sameJson, type DetailPatch } from '../../shared/live/detailPatch'
import type { RegionDetail } from '../../shared/summary/detail'

/**
 * Distinct snapshots of a view kept between two pushes; past this many its next push is whole (a
 * storm of screens subscribing while the figures move).
 */
const MAX_BASES = 8

/**
 * Per view, every panel detail a screen of it may hold: the one last pushed and each snapshot a
 * subscribe answered with since. A push is built against all of them, so a screen that joined
 * between two pushes applies it as well as one that got the last push (a figure that moved and
 * moved back since the push is in the patch because a snapshot had it moved). The first push of a
 * view is whole.
 */
export class SentDetails {
  private readonly bases = new Map<string, RegionDetail[]>()

  /** The frame's panel figures for `next` (a patch or the whole detail), which screens hold from now on. */
  push(view: string, next: RegionDetail): { detail: RegionDetail } | { detailPatch: DetailPatch } {
    const frame = detailFrame(this.bases.get(view) ?? [], next)
    this.bases.set(view, [next])
    return frame
  }

  /** A subscribe answered with `detail`: the next push must fit it too. */
  snapshot(view: string, detail: RegionDetail): void {
    const held = this.bases.get(view)
    // Never pushed: its first push is whole anyway.
    if (!held || held.some((b) => sameJson(b, detail))) return
    if (held.length >= MAX_BASES) this.bases.delete(view)
    else held.push(detail)
  }

  forget(view: string): void {
    this.bases.delete(view)
  }
}
