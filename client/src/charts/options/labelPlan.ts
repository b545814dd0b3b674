import type { Rect } from './mapView'

export interface LabelWish {
  /** The area's label point, chart px. */
  x: number
  y: number
  /** Higher first: the bigger figure keeps its place on the map. */
  priority: number
  /** Size of the label drawn on the area (name over figure). */
  inside: { width: number; height: number }
  /** Size of the one-line label beside the map. */
  callout: { width: number; height: number }
}

export type LabelPlace =
  | { mode: 'inside' }
  | { mode: 'left' | 'right'; x: number; y: number }
  | { mode: 'hidden' }

const overlaps = (a: Rect, b: Rect, pad: number) =>
  a.x < b.x + b.width + pad && b.x < a.x + a.width + pad && a.y < b.y + b.height + pad && b.y < a.y + a.height + pad

/**
 * Where each area's name goes. Names sit on their areas while they fit, the largest figures first;
 * the rest move beside the map (left of it for areas in its western half, right for the eastern),
 * one line each, stacked in the order of their areas from north to south, joined to their areas by
 * leader lines. A wall is read from across the room: no name is dropped while either column has
 * room, and none overlaps another. `columns` are the free strips beside the map ({x, width} px).
 */
export function planLabels(
  wishes: readonly LabelWish[],
  view: Rect,
  columns: { left: { x: number; width: number }; right: { x: number; width: number } },
  canvasHeight: number,
  gap: number,
): LabelPlace[] {
  const plan: LabelPlace[] = wishes.map(() => ({ mode: 'hidden' }))
  const order = wishes.map((_, i) => i).sort((a, b) => wishes[b]!.priority - wishes[a]!.priority || a - b)
  const placed: Rect[] = []
  const outside: number[] = []
  for (const i of order) {
    const w = wishes[i]!
    const box = { x: w.x - w.inside.width / 2, y: w.y - w.inside.height / 2, width: w.inside.width, height: w.inside.height }
    const fits = box.y >= 0 && box.y + box.height <= canvasHeight && !placed.some((p) => overlaps(p, box, gap * 0.3))
    if (fits) {
      placed.push(box)
      plan[i] = { mode: 'inside' }
    } else outside.push(i)
  }

  const sides = { left: [] as number[], right: [] as number[] }
  const midX = view.x + view.width / 2
  for (const i of outside) {
    const w = wishes[i]!
    const first = w.x < midX ? 'left' : 'right'
    const other = first === 'left' ? 'right' : 'left'
    const side = columns[first].width >= w.callout.width ? first : columns[other].width >= w.callout.width ? other : null
    if (side) sides[side].push(i)
  }
  for (const side of ['left', 'right'] as const) {
    // Drop the least important names until the column holds them all.
    let members = sides[side]
    const room = canvasHeight - gap
    while (members.reduce((h, i) => h + wishes[i]!.callout.height + gap, 0) > room) {
      const weakest = members.reduce((a, b) => (wishes[b]!.priority < wishes[a]!.priority ? b : a))
      members = members.filter((i) => i !== weakest)
    }
    members.sort((a, b) => wishes[a]!.y - wishes[b]!.y)
    // Each as near its area's height as the ones above allow; then pushed up if the last overflows.
    const ys: number[] = []
    let bottom = gap / 2
    for (const i of members) {
      const h = wishes[i]!.callout.height
      const y = Math.max(wishes[i]!.y, bottom + h / 2)
      ys.push(y)
      bottom = y + h / 2 + gap
    }
    let top = canvasHeight - gap / 2
    for (let k = members.length - 1; k >= 0; k--) {
      const h = wishes[members[k]!]!.callout.height
      ys[k] = Math.min(ys[k]!, top - h / 2)
      top = ys[k]! - h / 2 - gap
    }
    const col = columns[side]
    members.forEach((i, k) => (plan[i] = { mode: side, x: side === 'left' ? col.x + col.width : col.x, y: ys[k]! }))
  }
  return plan
}
